#include "resources/setup_intents/setup_attempt_status.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testutil/transitions.h"

namespace intentd::resources::setup_attempts {
namespace {

using S = SetupAttemptStatus;
using Op = SetupAttemptOperation;

const std::vector<S> kStatuses = {S::kRequiresAction, S::kProcessing, S::kSucceeded, S::kFailed,
                                  S::kAbandoned};
const std::vector<Op> kOperations = {Op::kResume, Op::kAuthenticate, Op::kAbandon};

// The whole table, written out: only an attempt waiting for the customer moves again.
const testutil::Transitions<S, Op> kTransitions = {
    {Op::kResume, {{S::kRequiresAction, {S::kSucceeded, S::kFailed, S::kRequiresAction}}}},
    {Op::kAuthenticate, {{S::kRequiresAction, {S::kFailed}}}},
    {Op::kAbandon, {{S::kRequiresAction, {S::kAbandoned}}}},
};

TEST(SetupAttemptStatus, EveryOperationFromEveryStatus) {
  testutil::expect_transitions(setup_attempt_machine(), kOperations, kStatuses, kTransitions);
}

TEST(SetupAttemptStatus, NamesRoundTrip) {
  const std::vector<std::string> names = {"requires_action", "processing", "succeeded", "failed",
                                          "abandoned"};
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    EXPECT_EQ(to_string(kStatuses[i]), names[i]);
    EXPECT_EQ(setup_attempt_status(names[i]), kStatuses[i]);
  }
  EXPECT_FALSE(setup_attempt_status("canceled").has_value());
}

TEST(SetupAttemptStatus, NoOperationIsAnApiCall) {
  EXPECT_THROW(setup_attempt_machine().refusal(Op::kAbandon, S::kSucceeded), std::logic_error);
}

}  // namespace
}  // namespace intentd::resources::setup_attempts
