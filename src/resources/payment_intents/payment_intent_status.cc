#include "resources/payment_intents/payment_intent_status.h"

#include <string>

namespace intentd::domain {
namespace {

using S = PaymentIntentStatus;
using Op = PaymentIntentOperation;

constexpr S kAll[] = {S::kRequiresPaymentMethod,
                      S::kRequiresConfirmation,
                      S::kRequiresAction,
                      S::kProcessing,
                      S::kRequiresCapture,
                      S::kCanceled,
                      S::kSucceeded};

std::string list(const std::vector<S>& statuses) {
  std::string out;
  for (S s : statuses) {
    if (!out.empty()) out += ", ";
    out += to_string(s);
  }
  return out;
}

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
  for (S status : kAll)
    if (to_string(status) == s) return status;
  return std::nullopt;
}

bool allowed(PaymentIntentOperation op, PaymentIntentStatus from) {
  switch (op) {
    case Op::kUpdatePaymentMethod:
    case Op::kUpdateAmount:
    case Op::kConfirm:
      switch (from) {
        case S::kRequiresPaymentMethod:
        case S::kRequiresConfirmation:
        case S::kRequiresAction:
          return true;
        case S::kProcessing:
        case S::kRequiresCapture:
        case S::kCanceled:
        case S::kSucceeded:
          return false;
      }
      return false;
    case Op::kCapture:
    case Op::kIncrementAuthorization:
      switch (from) {
        case S::kRequiresCapture:
          return true;
        case S::kRequiresPaymentMethod:
        case S::kRequiresConfirmation:
        case S::kRequiresAction:
        case S::kProcessing:
        case S::kCanceled:
        case S::kSucceeded:
          return false;
      }
      return false;
    case Op::kCancel:
      switch (from) {
        case S::kRequiresPaymentMethod:
        case S::kRequiresCapture:
        case S::kRequiresConfirmation:
        case S::kRequiresAction:
        case S::kProcessing:
          return true;
        case S::kCanceled:
        case S::kSucceeded:
          return false;
      }
      return false;
    case Op::kVerifyMicrodeposits:
      switch (from) {
        case S::kRequiresAction:
          return true;
        case S::kRequiresPaymentMethod:
        case S::kRequiresConfirmation:
        case S::kProcessing:
        case S::kRequiresCapture:
        case S::kCanceled:
        case S::kSucceeded:
          return false;
      }
      return false;
  }
  return false;
}

std::vector<PaymentIntentStatus> allowed_statuses(PaymentIntentOperation op) {
  // Stripe lists cancel's statuses in this order; the rest follow the lifecycle.
  static constexpr S kCancelOrder[] = {S::kRequiresPaymentMethod, S::kRequiresCapture,
                                       S::kRequiresConfirmation, S::kRequiresAction,
                                       S::kProcessing};
  std::vector<S> out;
  if (op == Op::kCancel) {
    for (S s : kCancelOrder) out.push_back(s);
    return out;
  }
  for (S s : kAll)
    if (allowed(op, s)) out.push_back(s);
  return out;
}

ApiError unexpected_state(PaymentIntentOperation op, PaymentIntentStatus from) {
  const std::string status(to_string(from));
  const std::string statuses = list(allowed_statuses(op));
  std::string message;
  std::string param;
  switch (op) {
    case Op::kUpdatePaymentMethod:
      message =
          "This PaymentIntent's payment_method could not be updated because it has a "
          "status of " +
          status +
          ". You may only update the payment_method of a PaymentIntent with one of the "
          "following statuses: " +
          statuses + ".";
      param = "payment_method";
      break;
    case Op::kUpdateAmount:
      message = "This PaymentIntent's amount could not be updated because it has a status of " +
                status +
                ". You may only update the amount of a PaymentIntent with one of the following "
                "statuses: " +
                statuses + ".";
      param = "amount";
      break;
    case Op::kConfirm:
      if (from == S::kSucceeded) {
        message =
            "You cannot confirm this PaymentIntent because it has already succeeded after "
            "being previously confirmed.";
        break;
      }
      message = "You cannot confirm this PaymentIntent because it has a status of " + status +
                ". Only a PaymentIntent with one of the following statuses may be confirmed: " +
                statuses + ".";
      break;
    case Op::kCapture:
      message =
          "This PaymentIntent could not be captured because it has a status of " + status +
          ". Only a PaymentIntent with one of the following statuses may be captured: " + statuses +
          ".";
      break;
    case Op::kCancel:
      message =
          "You cannot cancel this PaymentIntent because it has a status of " + status +
          ". Only a PaymentIntent with one of the following statuses may be canceled: " + statuses +
          ".";
      break;
    case Op::kIncrementAuthorization:
      message =
          "This PaymentIntent's authorization could not be incremented because it has a "
          "status of " +
          status +
          ". Only a PaymentIntent with one of the following statuses may have its "
          "authorization incremented: " +
          statuses + ".";
      break;
    case Op::kVerifyMicrodeposits:
      message =
          "This PaymentIntent's microdeposits could not be verified because it has a "
          "status of " +
          status +
          ". Only a PaymentIntent with one of the following statuses may have its "
          "microdeposits verified: " +
          statuses + ".";
      break;
  }
  return ApiError::invalid_request(std::move(message), std::move(param),
                                   "payment_intent_unexpected_state");
}

}  // namespace intentd::domain
