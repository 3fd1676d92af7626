// Events: GET /v1/events/:id and GET /v1/events (type, types[], created, delivery_success),
// and POST /v1/events/:id/retry, which delivers an event again (`intentd events resend`).
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::events {

api::Param list_params();
api::Param retry_params();

Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> retry(const api::Call& call, store::Txn& txn);

}  // namespace intentd::resources::events
