// v2 (thin) events: GET /v2/core/events/:id and GET /v2/core/events (object_id, types[],
// created), the small unversioned events that name the object they are about.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::thin_events {

api::Param list_params();

Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);

}  // namespace intentd::resources::thin_events
