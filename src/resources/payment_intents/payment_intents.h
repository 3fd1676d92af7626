// PaymentIntents: /v1/payment_intents create (and create+confirm), retrieve, update, confirm,
// capture (multicapture, overcapture), cancel and list, following the state machine in
// payment_intent_status.h. Every transition emits its Stripe event.
#pragma once

#include <boost/json/value.hpp>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::resources::payment_intents {

inline constexpr ObjectType kType{"payment_intent", "pi"};

api::Param create_params();
api::Param retrieve_params();
api::Param update_params();
api::Param confirm_params();
api::Param capture_params();
api::Param cancel_params();
api::Param list_params();
api::Param increment_authorization_params();
api::Param line_items_params();

Result<boost::json::value> create(const api::Call& call, store::Txn& txn);
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> update(const api::Call& call, store::Txn& txn);
Result<boost::json::value> confirm(const api::Call& call, store::Txn& txn);
Result<boost::json::value> capture(const api::Call& call, store::Txn& txn);
Result<boost::json::value> cancel(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> increment_authorization(const api::Call& call, store::Txn& txn);
Result<boost::json::value> list_line_items(const api::Call& call, store::ReadTxn& txn);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::payment_intents
