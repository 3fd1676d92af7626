#include "resources/money/refund_status.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testutil/transitions.h"

namespace intentd::resources::refunds {
namespace {

using S = RefundStatus;
using Op = RefundOperation;

const std::vector<S> kStatuses = {S::kPending, S::kRequiresAction, S::kSucceeded, S::kFailed,
                                  S::kCanceled};
const std::vector<Op> kOperations = {Op::kCancel, Op::kExpire, Op::kSettle, Op::kFail};

// The whole table, written out.
const testutil::Transitions<S, Op> kTransitions = {
    {Op::kCancel, {{S::kPending, {S::kCanceled}}, {S::kRequiresAction, {S::kCanceled}}}},
    {Op::kExpire, {{S::kRequiresAction, {S::kCanceled}}}},
    {Op::kSettle, {{S::kPending, {S::kSucceeded}}}},
    {Op::kFail, {{S::kSucceeded, {S::kFailed}}}},
};

TEST(RefundStatus, EveryOperationFromEveryStatus) {
  testutil::expect_transitions(refund_machine(), kOperations, kStatuses, kTransitions);
  for (Op op : kOperations)
    for (S s : kStatuses) EXPECT_EQ(allowed(op, s), refund_machine().allowed(op, s));
}

TEST(RefundStatus, NamesRoundTrip) {
  const std::vector<std::string> names = {"pending", "requires_action", "succeeded", "failed",
                                          "canceled"};
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    EXPECT_EQ(to_string(kStatuses[i]), names[i]);
    EXPECT_EQ(refund_status(names[i]), kStatuses[i]);
  }
  EXPECT_FALSE(refund_status("cancelled").has_value());
}

TEST(RefundStatus, CancelMessages) {
  ApiError e = unexpected_state(Op::kCancel, S::kSucceeded, "re_123");
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "");
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message,
            "Refund re_123 cannot be canceled because it has a status of succeeded. Only a refund "
            "with a status of pending or requires_action can be canceled.");
  EXPECT_EQ(unexpected_state(Op::kCancel, S::kCanceled, "re_9").message,
            "Refund re_9 cannot be canceled because it has a status of canceled. Only a refund "
            "with a status of pending or requires_action can be canceled.");
}

TEST(RefundStatus, ExpireMessages) {
  ApiError e = unexpected_state(Op::kExpire, S::kPending, "re_123");
  EXPECT_EQ(e.code, "");
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message,
            "Refund re_123 cannot be expired because it has a status of pending. Only a refund "
            "with a status of requires_action can be expired.");
  EXPECT_EQ(unexpected_state(Op::kExpire, S::kFailed, "re_1").message,
            "Refund re_1 cannot be expired because it has a status of failed. Only a refund with "
            "a status of requires_action can be expired.");
}

TEST(RefundStatus, TheSettlementHasNoStripeWording) {
  EXPECT_THROW(unexpected_state(Op::kSettle, S::kSucceeded, "re_1"), std::logic_error);
  EXPECT_THROW(unexpected_state(Op::kFail, S::kPending, "re_1"), std::logic_error);
}

}  // namespace
}  // namespace intentd::resources::refunds
