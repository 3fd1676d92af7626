// Charges: one ch_… per payment attempt of a PaymentIntent (succeeded, pending or failed),
// with the card or bank details of the attempt, its outcome and its captured and refunded
// amounts; GET /v1/charges/:id and GET /v1/charges.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "api/call.h"
#include "api/expand.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "domain/processor.h"
#include "events/event_log.h"
#include "resources/money/charge_status.h"
#include "resources/payment_methods/payment_methods.h"
#include "store/store.h"

namespace intentd::resources::charges {

inline constexpr ObjectType kType{"charge", "ch"};

enum class AttemptStatus { kSucceeded, kPending, kFailed };

struct Attempt {
  AttemptStatus status = AttemptStatus::kSucceeded;
  domain::Decline decline;  // kFailed
  bool captured = false;    // the amount was captured at once (automatic capture)
  bool multicapture = false;
  bool overcapture = false;
  bool incremental_authorization = false;
  int64_t maximum_amount_capturable = 0;  // overcapture: how far a capture may go
  std::string risk_level = "normal";      // Radar's view: normal, elevated, highest
  bool blocked = false;                   // kFailed: Radar blocked it, never sent to the network
  // The balance transaction of a capture made at once; "" shows null until the ledger sets it.
  std::string balance_transaction;
  // capture_method=automatic_async: the row is written with `balance_transaction` already,
  // but charge.succeeded shows null; the caller announces it with charge.updated (announce)
  // once the ledger has it, without a second write of the charge.
  bool balance_transaction_follows = false;
};

// Creates the charge for an attempt of `pi` with `pm` and emits charge.succeeded, .pending
// or .failed (and charge.captured when captured at once).
boost::json::object create(store::Txn& txn, const events::Origin& origin,
                           const boost::json::object& pi, const payment_methods::Instrument& pm,
                           const Attempt& attempt);

Result<boost::json::object> load(store::ReadTxn& txn, std::string_view account,
                                 std::string_view id);
// Saves a changed charge; `event` ("charge.captured", "charge.updated", ...) is emitted with
// the old values of what changed.
void save(store::Txn& txn, const events::Origin& origin, const boost::json::object& charge,
          const boost::json::object& before, std::string_view event);
// Moves `charge` to `to` by `op` through the table of charge_status.h.
void move(boost::json::object& charge, ChargeOperation op, ChargeStatus to);
// Emits `event` for a charge as stored, with the old values of what changed since `before`.
void announce(store::Txn& txn, const events::Origin& origin, const boost::json::object& charge,
              const boost::json::object& before, std::string_view event);

api::Param list_params();
Result<boost::json::value> retrieve(const api::Call& call, store::ReadTxn& txn);
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);

void add_expandables(api::ExpandRules& rules);

}  // namespace intentd::resources::charges
