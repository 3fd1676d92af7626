// The PaymentIntent state machine: its statuses, the operations on it, and which operation
// is allowed from which status — one exhaustive table, so a new status forces every rule to
// be revisited — with Stripe's payment_intent_unexpected_state error for the rest.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/api_error.h"

namespace intentd::domain {

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
  kUpdatePaymentMethod,  // update with payment_method or payment_method_data
  kUpdateAmount,         // update of amount, currency, capture_method, ... (before confirming)
  kConfirm,
  kCapture,
  kCancel,
  kIncrementAuthorization,
  kVerifyMicrodeposits,
};

std::string_view to_string(PaymentIntentStatus s);
std::optional<PaymentIntentStatus> payment_intent_status(std::string_view s);

bool allowed(PaymentIntentOperation op, PaymentIntentStatus from);

// The statuses `op` is allowed from, in the order Stripe's messages list them.
std::vector<PaymentIntentStatus> allowed_statuses(PaymentIntentOperation op);

// 400 payment_intent_unexpected_state with Stripe's wording for `op` from `from`, e.g. "You
// cannot cancel this PaymentIntent because it has a status of succeeded. Only a
// PaymentIntent with one of the following statuses may be canceled: ...".
ApiError unexpected_state(PaymentIntentOperation op, PaymentIntentStatus from);

}  // namespace intentd::domain
