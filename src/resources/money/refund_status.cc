#include "resources/money/refund_status.h"

namespace intentd::resources::refunds {
namespace {

using S = RefundStatus;
using Op = RefundOperation;

}  // namespace

std::string_view to_string(RefundStatus s) {
  switch (s) {
    case S::kPending:
      return "pending";
    case S::kRequiresAction:
      return "requires_action";
    case S::kSucceeded:
      return "succeeded";
    case S::kFailed:
      return "failed";
    case S::kCanceled:
      return "canceled";
  }
  return "pending";
}

std::optional<RefundStatus> refund_status(std::string_view s) {
  return domain::parse_status(
      s, {S::kPending, S::kRequiresAction, S::kSucceeded, S::kFailed, S::kCanceled});
}

const RefundMachine& refund_machine() {
  static const RefundMachine machine{
      .name = "Refund",
      .rows =
          {
              // Stripe cancels refunds that wait on the customer (requires_action); test mode
              // also cancels card refunds still pending.
              {Op::kCancel, {S::kPending, S::kRequiresAction}, S::kCanceled},
              {Op::kExpire, {S::kRequiresAction}, S::kCanceled},
              {Op::kSettle, {S::kPending}, S::kSucceeded},
              {Op::kFail, {S::kSucceeded}, S::kFailed},
          },
      .wordings =
          {
              {Op::kCancel,
               "Refund {id} cannot be canceled because it has a status of {status}. Only a refund "
               "with a status of {allowed} can be canceled."},
              {Op::kExpire,
               "Refund {id} cannot be expired because it has a status of {status}. Only a refund "
               "with a status of {allowed} can be expired."},
          },
      .separator = " or ",
  };
  return machine;
}

bool allowed(RefundOperation op, RefundStatus from) {
  return refund_machine().allowed(op, from);
}

ApiError unexpected_state(RefundOperation op, RefundStatus from, std::string_view id) {
  return refund_machine().refusal(op, from, id);
}

}  // namespace intentd::resources::refunds
