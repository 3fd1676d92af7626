#include "resources/setup_intents/setup_intent_status.h"

#include <string>

namespace intentd::domain {
namespace {

using S = SetupIntentStatus;
using Op = SetupIntentOperation;

constexpr S kAll[] = {S::kRequiresPaymentMethod,
                      S::kRequiresConfirmation,
                      S::kRequiresAction,
                      S::kProcessing,
                      S::kCanceled,
                      S::kSucceeded};

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
  for (S status : kAll)
    if (to_string(status) == s) return status;
  return std::nullopt;
}

bool allowed(SetupIntentOperation op, SetupIntentStatus from) {
  switch (op) {
    case Op::kUpdate:
    case Op::kConfirm:
    case Op::kCancel:
      // "At any point before it is processing or succeeded."
      switch (from) {
        case S::kRequiresPaymentMethod:
        case S::kRequiresConfirmation:
        case S::kRequiresAction:
          return true;
        case S::kProcessing:
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
        case S::kCanceled:
        case S::kSucceeded:
          return false;
      }
      return false;
  }
  return false;
}

std::vector<SetupIntentStatus> allowed_statuses(SetupIntentOperation op) {
  std::vector<S> out;
  for (S s : kAll)
    if (allowed(op, s)) out.push_back(s);
  return out;
}

ApiError unexpected_state(SetupIntentOperation op, SetupIntentStatus from) {
  const std::string status(to_string(from));
  std::string statuses;
  for (S s : allowed_statuses(op)) {
    if (!statuses.empty()) statuses += ", ";
    statuses += to_string(s);
  }
  std::string message;
  switch (op) {
    case Op::kUpdate:
      message =
          "You cannot update this SetupIntent because it has a status of " + status +
          ". Only a SetupIntent with one of the following statuses may be updated: " + statuses +
          ".";
      break;
    case Op::kConfirm:
      if (from == S::kSucceeded) {
        message =
            "You cannot confirm this SetupIntent because it has already succeeded after "
            "being previously confirmed.";
        break;
      }
      message =
          "You cannot confirm this SetupIntent because it has a status of " + status +
          ". Only a SetupIntent with one of the following statuses may be confirmed: " + statuses +
          ".";
      break;
    case Op::kCancel:
      message =
          "You cannot cancel this SetupIntent because it has a status of " + status +
          ". Only a SetupIntent with one of the following statuses may be canceled: " + statuses +
          ".";
      break;
    case Op::kVerifyMicrodeposits:
      message =
          "This SetupIntent's microdeposits could not be verified because it has a status of " +
          status +
          ". Only a SetupIntent with one of the following statuses may have its microdeposits "
          "verified: " +
          statuses + ".";
      break;
  }
  return ApiError::invalid_request(std::move(message), {}, "setup_intent_unexpected_state");
}

}  // namespace intentd::domain
