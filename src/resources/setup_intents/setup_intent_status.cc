#include "resources/setup_intents/setup_intent_status.h"

namespace intentd::resources::setup_intents {
namespace {

using S = SetupIntentStatus;
using Op = SetupIntentOperation;

}  // namespace

std::string_view to_string(SetupIntentStatus s) {
  switch (s) {
    case S::kRequiresPaymentMethod:
      return "requires_payment_method";
    case S::kRequiresConfirmation:
      return "requires_confirmation";
    case S::kRequiresAction:
      return "requires_action";
    case S::kProcessing:
      return "processing";
    case S::kCanceled:
      return "canceled";
    case S::kSucceeded:
      return "succeeded";
  }
  return "requires_payment_method";
}

std::optional<SetupIntentStatus> setup_intent_status(std::string_view s) {
  return domain::parse_status(s, {S::kRequiresPaymentMethod, S::kRequiresConfirmation,
                                  S::kRequiresAction, S::kProcessing, S::kCanceled, S::kSucceeded});
}

const SetupIntentMachine& setup_intent_machine() {
  static const SetupIntentMachine machine = [] {
    // "At any point before it is processing or succeeded."
    const std::vector<S> unconfirmed = {S::kRequiresPaymentMethod, S::kRequiresConfirmation,
                                        S::kRequiresAction};
    return SetupIntentMachine{
        .name = "SetupIntent",
        .rows =
            {
                // A payment method given waits for its confirmation; without one the status
                // stays.
                {Op::kUpdate, unconfirmed, S::kRequiresConfirmation},
                {Op::kUpdate, {S::kRequiresPaymentMethod}, S::kRequiresPaymentMethod},
                {Op::kUpdate, {S::kRequiresAction}, S::kRequiresAction},
                // Set up, waiting for 3-D Secure or microdeposits, or failed.
                {Op::kConfirm, unconfirmed, S::kSucceeded},
                {Op::kConfirm, unconfirmed, S::kRequiresAction},
                {Op::kConfirm, unconfirmed, S::kRequiresPaymentMethod},
                {Op::kCancel, unconfirmed, S::kCanceled},
                {Op::kVerifyMicrodeposits, {S::kRequiresAction}, S::kSucceeded},
                {Op::kVerifyMicrodeposits, {S::kRequiresAction}, S::kRequiresPaymentMethod},
                {Op::kAuthenticate, {S::kRequiresAction}, S::kRequiresPaymentMethod},
            },
        .wordings =
            {
                {Op::kUpdate,
                 "You cannot update this SetupIntent because it has a status of {status}. Only a "
                 "SetupIntent with one of the following statuses may be updated: {allowed}."},
                {Op::kConfirm,
                 "You cannot confirm this SetupIntent because it has a status of {status}. Only "
                 "a SetupIntent with one of the following statuses may be confirmed: "
                 "{allowed}."},
                {Op::kCancel,
                 "You cannot cancel this SetupIntent because it has a status of {status}. Only a "
                 "SetupIntent with one of the following statuses may be canceled: {allowed}."},
                {Op::kVerifyMicrodeposits,
                 "This SetupIntent's microdeposits could not be verified because it has a status "
                 "of {status}. Only a SetupIntent with one of the following statuses may have "
                 "its microdeposits verified: {allowed}."},
            },
        .specials = {{Op::kConfirm, S::kSucceeded,
                      "You cannot confirm this SetupIntent because it has already succeeded "
                      "after being previously confirmed."}},
        .code = "setup_intent_unexpected_state",
    };
  }();
  return machine;
}

bool allowed(SetupIntentOperation op, SetupIntentStatus from) {
  return setup_intent_machine().allowed(op, from);
}

ApiError unexpected_state(SetupIntentOperation op, SetupIntentStatus from) {
  return setup_intent_machine().refusal(op, from);
}

}  // namespace intentd::resources::setup_intents
