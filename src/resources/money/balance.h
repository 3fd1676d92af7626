// The balance as the API shows it: GET /v1/balance and GET /v1/balance_transactions[/:id],
// read from the ledger (money/ledger.h), which every movement of money writes.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::balance {

// The balance object has no id: an account has one.
inline constexpr ObjectType kBalance{"balance", ""};

api::Param list_params();
Result<boost::json::value> retrieve_balance(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> retrieve_transaction(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> list_transactions(const api::Call& call, store::ReadTxn& txn);

// balance_transaction.source, expanded to the charge or refund it names.
void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::balance
