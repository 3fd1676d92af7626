#include "resources/checkout/checkout_session_status.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testutil/transitions.h"

namespace intentd::resources::checkout_sessions {
namespace {

using S = CheckoutSessionStatus;
using Op = CheckoutSessionOperation;

const std::vector<S> kStatuses = {S::kOpen, S::kComplete, S::kExpired};
const std::vector<Op> kOperations = {Op::kExpire, Op::kComplete};

// The whole table, written out.
const testutil::Transitions<S, Op> kTransitions = {
    {Op::kExpire, {{S::kOpen, {S::kExpired}}}},
    {Op::kComplete, {{S::kOpen, {S::kComplete}}}},
};

TEST(CheckoutSessionStatus, EveryOperationFromEveryStatus) {
  testutil::expect_transitions(checkout_session_machine(), kOperations, kStatuses, kTransitions);
  for (Op op : kOperations)
    for (S s : kStatuses) EXPECT_EQ(allowed(op, s), checkout_session_machine().allowed(op, s));
}

TEST(CheckoutSessionStatus, NamesRoundTrip) {
  const std::vector<std::string> names = {"open", "complete", "expired"};
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    EXPECT_EQ(to_string(kStatuses[i]), names[i]);
    EXPECT_EQ(checkout_session_status(names[i]), kStatuses[i]);
  }
  EXPECT_FALSE(checkout_session_status("completed").has_value());
}

TEST(CheckoutSessionStatus, ExpireMessages) {
  ApiError e = unexpected_state(Op::kExpire, S::kComplete);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "");
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message,
            "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout "
            "Session has a status of \"complete\".");
  EXPECT_EQ(unexpected_state(Op::kExpire, S::kExpired).message,
            "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout "
            "Session has a status of \"expired\".");
}

TEST(CheckoutSessionStatus, CompletingHasNoStripeWording) {
  EXPECT_THROW(unexpected_state(Op::kComplete, S::kExpired), std::logic_error);
}

}  // namespace
}  // namespace intentd::resources::checkout_sessions
