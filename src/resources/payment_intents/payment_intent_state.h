// What the PaymentIntent handlers share: loading an intent with its internal state, moving and
// saving it with its event, and the params that create and confirm both take. Besides the
// payment_intents/ files, only an intent's owner (checkout/) loads and saves intents with it.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "api/call.h"
#include "api/client_view.h"
#include "api/param_schema.h"
#include "base/result.h"
#include "events/event_log.h"
#include "resources/payment_intents/payment_intent_status.h"
#include "store/store.h"

namespace intentd::resources::payment_intents {

struct Intent {
  boost::json::object object;    // as the API shows it
  boost::json::object internal;  // authentication progress, capture count, ...
  // A new intent is written once, by the first save() after insert(): create+confirm then
  // costs one row write, not two. Until then this holds what insert() announced.
  std::optional<boost::json::object> unsaved;

  PaymentIntentStatus status() const;
  // Moves the intent to `to` by `op`; a move the table of payment_intent_status.h does not
  // allow throws std::logic_error.
  void move(PaymentIntentOperation op, PaymentIntentStatus to);
  std::string id() const { return std::string(object.at("id").as_string()); }
  int64_t amount() const { return object.at("amount").as_int64(); }
  std::string customer() const;
};

Result<Intent> load(store::ReadTxn& txn, const api::Call& call, std::string_view id);
// For background work, which has an account but no request.
std::optional<Intent> load(store::ReadTxn& txn, std::string_view account, std::string_view id);
// Emits payment_intent.created for a new intent; the row is written by the next save().
void insert(store::Txn& txn, const events::Origin& origin, Intent& pi);
// Saves `pi`; emits `event` ("payment_intent.succeeded", ...) when it is not empty, and tells
// the intent's owner when the event is one owners hear of (resources/shared/intent_owner.h).
void save(store::Txn& txn, const events::Origin& origin, Intent& pi, std::string_view event = {});

// A publishable key may only act on an intent whose client_secret it presents.
Status check_client_secret(const api::Call& call, const Intent& pi);
// What a publishable key sees of a PaymentIntent: the fields Stripe marks "retrievable with
// publishable key" (what Stripe.js needs).
api::ClientView publishable_view();

// Applies amount_details (checked against the amount) and payment_details from `call`.
Status apply_details(Intent& pi, const api::Call& call);
void apply_payment_details(Intent& pi, const api::Call& call);

// The amount_details and payment_details params (create, update, confirm and capture).
api::Param amount_details_param();
api::Param payment_details_param();

// The params confirm takes, which create also takes with confirm=true.
std::vector<api::Field> confirm_fields();

// Runs one confirmation of `pi` (already allowed by the state machine) with the checked
// confirm params in `call`: resolves the payment method, asks the processor, creates the
// charge, moves the intent and emits events. A decline returns the 402 card_error whose
// writes still commit.
Status confirm_intent(const api::Call& call, store::Txn& txn, Intent& pi);

}  // namespace intentd::resources::payment_intents
