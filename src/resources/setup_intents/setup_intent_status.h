// The SetupIntent state machine: its statuses (no requires_capture: nothing is charged), the
// operations on it and which operation is allowed from which status — one exhaustive table —
// with Stripe's setup_intent_unexpected_state error for the rest.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "base/api_error.h"

namespace intentd::domain {

enum class SetupIntentStatus {
  kRequiresPaymentMethod,
  kRequiresConfirmation,
  kRequiresAction,
  kProcessing,
  kCanceled,
  kSucceeded,
};

enum class SetupIntentOperation {
  kUpdate,  // update (payment method, customer, metadata, ...)
  kConfirm,
  kCancel,
  kVerifyMicrodeposits,
};

std::string_view to_string(SetupIntentStatus s);
std::optional<SetupIntentStatus> setup_intent_status(std::string_view s);

bool allowed(SetupIntentOperation op, SetupIntentStatus from);

// The statuses `op` is allowed from, in lifecycle order (the order Stripe's messages use).
std::vector<SetupIntentStatus> allowed_statuses(SetupIntentOperation op);

// 400 setup_intent_unexpected_state with Stripe's wording for `op` from `from`, e.g. "You
// cannot cancel this SetupIntent because it has a status of succeeded. Only a SetupIntent
// with one of the following statuses may be canceled: ...".
ApiError unexpected_state(SetupIntentOperation op, SetupIntentStatus from);

}  // namespace intentd::domain
