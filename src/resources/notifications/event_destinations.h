// v2 event destinations: /v2/core/event_destinations create, retrieve, update, delete, list,
// enable, disable and ping. A webhook_endpoint destination receives snapshot (v1) or thin
// (v2) events at its URL, signed with its signing secret.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::event_destinations {

api::Param create_params();
api::Param update_params();
api::Param retrieve_params();
api::Param list_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> remove(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> enable(const api::Call& call, store::Txn& txn);
Result<boost::json::value> disable(const api::Call& call, store::Txn& txn);
Result<boost::json::value> ping(const api::Call& call, store::Txn& txn);

}  // namespace intentd::resources::event_destinations
