// Checkout Sessions: /v1/checkout/sessions create (payment, setup and subscription modes),
// retrieve, list, expire and line_items. The hosted page at a session's `url` is
// checkout/checkout_session_page.h.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::checkout_sessions {

api::Param create_params();
api::Param list_params();
api::Param line_items_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> expire(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list_line_items(const api::Call& call, store::ReadTxn& txn);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::checkout_sessions
