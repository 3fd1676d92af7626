// The SetupIntent state machine: its statuses (no requires_capture: nothing is charged), the
// operations that move it, which operation leads from which status to which, and Stripe's
// setup_intent_unexpected_state refusals. A new SetupIntent starts in requires_payment_method,
// written at creation; every later status write is a move through this table.
#pragma once

#include <optional>
#include <string_view>

#include "base/api_error.h"
#include "domain/state_machine.h"

namespace intentd::resources::setup_intents {

enum class SetupIntentStatus {
  kRequiresPaymentMethod,
  kRequiresConfirmation,
  kRequiresAction,
  kProcessing,
  kCanceled,
  kSucceeded,
};

enum class SetupIntentOperation {
  // API calls.
  kUpdate,   // update (or create) with payment method, customer, metadata, ...
  kConfirm,  // also the confirmation that resumes once 3-D Secure is completed
  kCancel,   // also by its Checkout Session when the session expires
  kVerifyMicrodeposits,
  // The hosted 3-D Secure page.
  kAuthenticate,  // 3-D Secure failed
};

std::string_view to_string(SetupIntentStatus s);
std::optional<SetupIntentStatus> setup_intent_status(std::string_view s);

using SetupIntentMachine = domain::StateMachine<SetupIntentStatus, SetupIntentOperation>;
const SetupIntentMachine& setup_intent_machine();

bool allowed(SetupIntentOperation op, SetupIntentStatus from);

// 400 setup_intent_unexpected_state with Stripe's wording for `op` from `from`, e.g. "You
// cannot cancel this SetupIntent because it has a status of succeeded. Only a SetupIntent
// with one of the following statuses may be canceled: ...".
ApiError unexpected_state(SetupIntentOperation op, SetupIntentStatus from);

}  // namespace intentd::resources::setup_intents
