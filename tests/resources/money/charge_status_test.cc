#include "resources/money/charge_status.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testutil/transitions.h"

namespace intentd::resources::charges {
namespace {

using S = ChargeStatus;
using Op = ChargeOperation;

const std::vector<S> kStatuses = {S::kPending, S::kSucceeded, S::kFailed};
const std::vector<Op> kOperations = {Op::kSettle, Op::kCancel};

// The whole table, written out.
const testutil::Transitions<S, Op> kTransitions = {
    {Op::kSettle, {{S::kPending, {S::kSucceeded, S::kFailed}}}},
    {Op::kCancel, {{S::kPending, {S::kFailed}}}},
};

TEST(ChargeStatus, EveryOperationFromEveryStatus) {
  testutil::expect_transitions(charge_machine(), kOperations, kStatuses, kTransitions);
}

TEST(ChargeStatus, NamesRoundTrip) {
  const std::vector<std::string> names = {"pending", "succeeded", "failed"};
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    EXPECT_EQ(to_string(kStatuses[i]), names[i]);
    EXPECT_EQ(charge_status(names[i]), kStatuses[i]);
  }
  EXPECT_FALSE(charge_status("paid").has_value());
}

TEST(ChargeStatus, NoOperationIsAnApiCall) {
  EXPECT_THROW(charge_machine().refusal(Op::kCancel, S::kSucceeded), std::logic_error);
}

}  // namespace
}  // namespace intentd::resources::charges
