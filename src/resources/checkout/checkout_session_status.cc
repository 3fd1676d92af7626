#include "resources/checkout/checkout_session_status.h"

namespace intentd::resources::checkout_sessions {
namespace {

using S = CheckoutSessionStatus;
using Op = CheckoutSessionOperation;

}  // namespace

std::string_view to_string(CheckoutSessionStatus s) {
  switch (s) {
    case S::kOpen:
      return "open";
    case S::kComplete:
      return "complete";
    case S::kExpired:
      return "expired";
  }
  return "open";
}

std::optional<CheckoutSessionStatus> checkout_session_status(std::string_view s) {
  return domain::parse_status(s, {S::kOpen, S::kComplete, S::kExpired});
}

const CheckoutSessionMachine& checkout_session_machine() {
  static const CheckoutSessionMachine machine{
      .name = "Checkout Session",
      .rows =
          {
              {Op::kExpire, {S::kOpen}, S::kExpired},
              {Op::kComplete, {S::kOpen}, S::kComplete},
          },
      .wordings = {{Op::kExpire,
                    "Only Checkout Sessions with a status in [{allowed}] can be expired. This "
                    "Checkout Session has a status of \"{status}\"."}},
      .quote = "\"",
  };
  return machine;
}

bool allowed(CheckoutSessionOperation op, CheckoutSessionStatus from) {
  return checkout_session_machine().allowed(op, from);
}

ApiError unexpected_state(CheckoutSessionOperation op, CheckoutSessionStatus from) {
  return checkout_session_machine().refusal(op, from);
}

}  // namespace intentd::resources::checkout_sessions
