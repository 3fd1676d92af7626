// The PaymentIntent state machine: its statuses, the operations that move it (API calls and
// background work), which operation leads from which status to which, and Stripe's
// payment_intent_unexpected_state refusals. A new intent starts in requires_payment_method,
// written at creation; every later status write is a move through this table.
#pragma once

#include <optional>
#include <string_view>

#include "base/api_error.h"
#include "domain/state_machine.h"

namespace intentd::resources::payment_intents {

enum class PaymentIntentStatus {
  kRequiresPaymentMethod,
  kRequiresConfirmation,
  kRequiresAction,
  kProcessing,
  kRequiresCapture,
  kCanceled,
  kSucceeded,
};

enum class PaymentIntentOperation {
  // API calls.
  kUpdatePaymentMethod,  // update (or create) with payment_method or payment_method_data
  kUpdateAmount,         // update of amount, currency or capture_method (before confirming)
  kConfirm,              // also the confirmation that resumes once 3-D Secure is completed
  kCapture,
  kCancel,
  kIncrementAuthorization,
  // Background work and pages.
  kAuthenticate,         // 3-D Secure failed, or completed with confirmation_method=manual
  kSettle,               // a bank debit settled or failed
  kExpireAuthorization,  // the window to capture ended
  kOwnerExpired,         // its Checkout Session expired before the payment went through
};

std::string_view to_string(PaymentIntentStatus s);
std::optional<PaymentIntentStatus> payment_intent_status(std::string_view s);

using PaymentIntentMachine = domain::StateMachine<PaymentIntentStatus, PaymentIntentOperation>;
const PaymentIntentMachine& payment_intent_machine();

bool allowed(PaymentIntentOperation op, PaymentIntentStatus from);

// 400 payment_intent_unexpected_state with Stripe's wording for `op` from `from`, e.g. "You
// cannot cancel this PaymentIntent because it has a status of succeeded. Only a
// PaymentIntent with one of the following statuses may be canceled: ...".
ApiError unexpected_state(PaymentIntentOperation op, PaymentIntentStatus from);

}  // namespace intentd::resources::payment_intents
