// SetupAttempts: one setatt_… per confirmation of a SetupIntent, with the payment method's
// details and how that attempt ended; GET /v1/setup_attempts?setup_intent=… lists them.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "api/call.h"
#include "api/param_schema.h"
#include "base/object_type.h"
#include "base/result.h"
#include "events/event_log.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/setup_intents/setup_attempt_status.h"
#include "store/store.h"

namespace intentd::resources::setup_attempts {

inline constexpr ObjectType kType{"setup_attempt", "setatt"};

// Records an attempt of `setup_intent` with `pm` in `status` (requires_action, succeeded,
// failed, processing), with the error of a failed one; returns its id.
std::string create(store::Txn& txn, const intentd::events::Origin& origin,
                   const boost::json::object& setup_intent, const payment_methods::Instrument& pm,
                   std::string_view status, const boost::json::value& setup_error);

// Moves the waiting attempt `id` on by `op` to `status` (through setup_attempt_status.h), with
// the error when it failed and whether the customer went through 3-D Secure (card attempts then
// show three_d_secure details).
void finish(store::Txn& txn, std::string_view account, std::string_view id,
            SetupAttemptOperation op, std::string_view status,
            const boost::json::value& setup_error, bool authenticated);

api::Param list_params();
Result<boost::json::value> list(const api::Call& call, store::ReadTxn& txn);

}  // namespace intentd::resources::setup_attempts
