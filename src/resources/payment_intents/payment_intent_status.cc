#include "resources/payment_intents/payment_intent_status.h"

namespace intentd::resources::payment_intents {
namespace {

using S = PaymentIntentStatus;
using Op = PaymentIntentOperation;

}  // namespace

std::string_view to_string(PaymentIntentStatus s) {
  switch (s) {
    case S::kRequiresPaymentMethod:
      return "requires_payment_method";
    case S::kRequiresConfirmation:
      return "requires_confirmation";
    case S::kRequiresAction:
      return "requires_action";
    case S::kProcessing:
      return "processing";
    case S::kRequiresCapture:
      return "requires_capture";
    case S::kCanceled:
      return "canceled";
    case S::kSucceeded:
      return "succeeded";
  }
  return "requires_payment_method";
}

std::optional<PaymentIntentStatus> payment_intent_status(std::string_view s) {
  return domain::parse_status(
      s, {S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction, S::kProcessing,
          S::kRequiresCapture, S::kCanceled, S::kSucceeded});
}

const PaymentIntentMachine& payment_intent_machine() {
  static const PaymentIntentMachine machine = [] {
    // Before confirming: the statuses a payment may still be changed and confirmed in.
    const std::vector<S> unconfirmed = {S::kRequiresPaymentMethod, S::kRequiresConfirmation,
                                        S::kRequiresAction};
    return PaymentIntentMachine{
        .name = "PaymentIntent",
        .rows =
            {
                {Op::kUpdatePaymentMethod, unconfirmed, S::kRequiresConfirmation},
                // Amount, currency and capture_method leave the status as it is.
                {Op::kUpdateAmount, {S::kRequiresPaymentMethod}, S::kRequiresPaymentMethod},
                {Op::kUpdateAmount, {S::kRequiresConfirmation}, S::kRequiresConfirmation},
                {Op::kUpdateAmount, {S::kRequiresAction}, S::kRequiresAction},
                // Cards succeed, are held for capture, ask for 3-D Secure or are declined; bank
                // debits go processing (or are blocked by Radar).
                {Op::kConfirm, unconfirmed, S::kSucceeded},
                {Op::kConfirm, unconfirmed, S::kRequiresCapture},
                {Op::kConfirm, unconfirmed, S::kProcessing},
                {Op::kConfirm, unconfirmed, S::kRequiresAction},
                {Op::kConfirm, unconfirmed, S::kRequiresPaymentMethod},
                {Op::kCapture, {S::kRequiresCapture}, S::kSucceeded},
                {Op::kCapture, {S::kRequiresCapture}, S::kRequiresCapture},  // multicapture, partly
                // Stripe lists cancel's statuses in this order.
                {Op::kCancel,
                 {S::kRequiresPaymentMethod, S::kRequiresCapture, S::kRequiresConfirmation,
                  S::kRequiresAction, S::kProcessing},
                 S::kCanceled},
                {Op::kIncrementAuthorization, {S::kRequiresCapture}, S::kRequiresCapture},
                {Op::kAuthenticate, {S::kRequiresAction}, S::kRequiresConfirmation},
                {Op::kAuthenticate, {S::kRequiresAction}, S::kRequiresPaymentMethod},
                {Op::kSettle, {S::kProcessing}, S::kSucceeded},
                {Op::kSettle, {S::kProcessing}, S::kRequiresPaymentMethod},
                // Partly captured (multicapture) ends succeeded with what it took.
                {Op::kExpireAuthorization, {S::kRequiresCapture}, S::kSucceeded},
                {Op::kExpireAuthorization, {S::kRequiresCapture}, S::kCanceled},
                {Op::kOwnerExpired, unconfirmed, S::kCanceled},
            },
        .wordings =
            {
                {Op::kUpdatePaymentMethod,
                 "This PaymentIntent's payment_method could not be updated because it has a status "
                 "of {status}. You may only update the payment_method of a PaymentIntent with one "
                 "of the following statuses: {allowed}.",
                 "payment_method"},
                {Op::kUpdateAmount,
                 "This PaymentIntent's amount could not be updated because it has a status of "
                 "{status}. You may only update the amount of a PaymentIntent with one of the "
                 "following statuses: {allowed}.",
                 "amount"},
                {Op::kConfirm,
                 "You cannot confirm this PaymentIntent because it has a status of {status}. "
                 "Only a PaymentIntent with one of the following statuses may be confirmed: "
                 "{allowed}."},
                {Op::kCapture,
                 "This PaymentIntent could not be captured because it has a status of {status}. "
                 "Only a PaymentIntent with one of the following statuses may be captured: "
                 "{allowed}."},
                {Op::kCancel,
                 "You cannot cancel this PaymentIntent because it has a status of {status}. Only a "
                 "PaymentIntent with one of the following statuses may be canceled: {allowed}."},
                {Op::kIncrementAuthorization,
                 "This PaymentIntent's authorization could not be incremented because it has a "
                 "status of {status}. Only a PaymentIntent with one of the following statuses may "
                 "have its authorization incremented: {allowed}."},
            },
        .specials = {{Op::kConfirm, S::kSucceeded,
                      "You cannot confirm this PaymentIntent because it has already succeeded "
                      "after being previously confirmed."}},
        .code = "payment_intent_unexpected_state",
    };
  }();
  return machine;
}

bool allowed(PaymentIntentOperation op, PaymentIntentStatus from) {
  return payment_intent_machine().allowed(op, from);
}

ApiError unexpected_state(PaymentIntentOperation op, PaymentIntentStatus from) {
  return payment_intent_machine().refusal(op, from);
}

}  // namespace intentd::resources::payment_intents
