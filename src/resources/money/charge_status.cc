#include "resources/money/charge_status.h"

namespace intentd::resources::charges {
namespace {

using S = ChargeStatus;
using Op = ChargeOperation;

}  // namespace

std::string_view to_string(ChargeStatus s) {
  switch (s) {
    case S::kPending:
      return "pending";
    case S::kSucceeded:
      return "succeeded";
    case S::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<ChargeStatus> charge_status(std::string_view s) {
  return domain::parse_status(s, {S::kPending, S::kSucceeded, S::kFailed});
}

const ChargeMachine& charge_machine() {
  static const ChargeMachine machine{
      .name = "Charge",
      .rows =
          {
              {Op::kSettle, {S::kPending}, S::kSucceeded},
              {Op::kSettle, {S::kPending}, S::kFailed},
              {Op::kCancel, {S::kPending}, S::kFailed},
          },
  };
  return machine;
}

}  // namespace intentd::resources::charges
