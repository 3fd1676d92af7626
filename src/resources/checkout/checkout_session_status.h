// The Checkout Session state machine: open until it completes or expires, never after. A new
// session starts open, written at creation; every later status write is a move through this
// table, and expiring a session that is not open is refused with Stripe's error.
#pragma once

#include <optional>
#include <string_view>

#include "base/api_error.h"
#include "domain/state_machine.h"

namespace intentd::resources::checkout_sessions {

enum class CheckoutSessionStatus {
  kOpen,
  kComplete,
  kExpired,
};

enum class CheckoutSessionOperation {
  kExpire,    // POST /v1/checkout/sessions/:id/expire, or its expires_at passed
  kComplete,  // the customer paid (or set up) on the hosted page
};

std::string_view to_string(CheckoutSessionStatus s);
std::optional<CheckoutSessionStatus> checkout_session_status(std::string_view s);

using CheckoutSessionMachine =
    domain::StateMachine<CheckoutSessionStatus, CheckoutSessionOperation>;
const CheckoutSessionMachine& checkout_session_machine();

bool allowed(CheckoutSessionOperation op, CheckoutSessionStatus from);

// 400 with Stripe's wording, e.g. 'Only Checkout Sessions with a status in ["open"] can be
// expired. This Checkout Session has a status of "complete".'
ApiError unexpected_state(CheckoutSessionOperation op, CheckoutSessionStatus from);

}  // namespace intentd::resources::checkout_sessions
