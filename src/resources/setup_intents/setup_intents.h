// SetupIntents: saving a payment method for later payments. /v1/setup_intents create (with
// confirm=true too), retrieve, update, confirm, cancel, list and verify_microdeposits, through
// the state machine of setup_intent_status.h.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::setup_intents {

api::Param create_params();
api::Param retrieve_params();
api::Param update_params();
api::Param confirm_params();
api::Param cancel_params();
api::Param list_params();
api::Param verify_microdeposits_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> confirm(const api::Call& call, store::Txn& txn);
Result<boost::json::value> cancel(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> verify_microdeposits(const api::Call& call, store::Txn& txn);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::setup_intents
