// A SetupIntent as its operations share it: the API object with its hidden state, loading and
// saving it with its events, and one confirmation (the processor's verdict on the method).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "api/call.h"
#include "api/client_view.h"
#include "base/object_type.h"
#include "base/result.h"
#include "events/event_log.h"
#include "resources/setup_intents/setup_intent_status.h"
#include "store/store.h"

namespace intentd::resources::setup_intents {

inline constexpr ObjectType kType{"setup_intent", "seti"};

struct Setup {
  boost::json::object object;    // as the API shows it
  boost::json::object internal;  // authentication progress, current attempt, return_url, ...

  SetupIntentStatus status() const;
  // Moves the SetupIntent to `to` by `op`; a move the table of setup_intent_status.h does not
  // allow throws std::logic_error.
  void move(SetupIntentOperation op, SetupIntentStatus to);
  std::string id() const { return std::string(object.at("id").as_string()); }
  std::string customer() const;  // "" when none
};

Result<Setup> load(store::ReadTxn& txn, const api::Call& call, std::string_view id);
std::optional<Setup> load(store::ReadTxn& txn, std::string_view account, std::string_view id);
// Writes a new SetupIntent and emits setup_intent.created.
void insert(store::Txn& txn, const intentd::events::Origin& origin, const Setup& si);
// Saves `si`; emits `event` (setup_intent.succeeded, ...) when it is not empty, and tells the
// setup's owner when the event is one owners hear of (resources/shared/intent_owner.h).
void save(store::Txn& txn, const intentd::events::Origin& origin, const Setup& si,
          std::string_view event = {});

// A publishable key may only act on a SetupIntent whose client_secret it presents, and sees
// only the fields Stripe.js needs.
Status check_client_secret(const api::Call& call, const Setup& si);
api::ClientView publishable_view();

// Runs one confirmation of `si` (already allowed by the state machine) with the checked params
// in `call`: resolves the payment method, asks the processor, records the attempt, creates the
// mandate of a bank debit, attaches the method to the customer on success and emits events.
// A card decline returns the 402 card_error whose writes still commit.
Status confirm_setup(const api::Call& call, store::Txn& txn, Setup& si);

}  // namespace intentd::resources::setup_intents
