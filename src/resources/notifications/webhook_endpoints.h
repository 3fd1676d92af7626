// Webhook endpoints: /v1/webhook_endpoints create, retrieve, update, delete and list. An
// endpoint names a URL and the event types it wants; its whsec_ secret, shown only on
// create, signs every delivery.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::webhook_endpoints {

api::Param create_params();
api::Param update_params();
api::Param list_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> remove(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);

// Checks enabled_events: "*" or known v1 event types; the error names the bad entry.
Status check_enabled_events(const boost::json::array& events, const std::string& param, bool v2);

}  // namespace intentd::resources::webhook_endpoints
