#include "resources/setup_intents/setup_intent_status.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace intentd::domain {
namespace {

using S = SetupIntentStatus;
using Op = SetupIntentOperation;

const S kStatuses[] = {S::kRequiresPaymentMethod,
                       S::kRequiresConfirmation,
                       S::kRequiresAction,
                       S::kProcessing,
                       S::kCanceled,
                       S::kSucceeded};
const Op kOperations[] = {Op::kUpdate, Op::kConfirm, Op::kCancel, Op::kVerifyMicrodeposits};

// The whole table, written out: every status × operation, as Stripe documents it.
const std::map<Op, std::set<S>> kAllowed = {
    {Op::kUpdate, {S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction}},
    {Op::kConfirm, {S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction}},
    {Op::kCancel, {S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction}},
    {Op::kVerifyMicrodeposits, {S::kRequiresAction}},
};

TEST(SetupIntentStatus, EveryOperationFromEveryStatus) {
  for (Op op : kOperations)
    for (S s : kStatuses)
      EXPECT_EQ(allowed(op, s), kAllowed.at(op).count(s) == 1)
          << "operation " << static_cast<int>(op) << " from " << to_string(s);
}

TEST(SetupIntentStatus, NamesRoundTrip) {
  for (S s : kStatuses) EXPECT_EQ(setup_intent_status(to_string(s)), s);
  EXPECT_FALSE(setup_intent_status("requires_capture").has_value());
}

TEST(SetupIntentStatus, CancelMessageListsTheAllowedStatuses) {
  ApiError e = unexpected_state(Op::kCancel, S::kSucceeded);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "setup_intent_unexpected_state");
  EXPECT_EQ(e.message,
            "You cannot cancel this SetupIntent because it has a status of succeeded. Only a "
            "SetupIntent with one of the following statuses may be canceled: "
            "requires_payment_method, requires_confirmation, requires_action.");
}

TEST(SetupIntentStatus, ConfirmingASucceededIntentSaysSo) {
  EXPECT_EQ(unexpected_state(Op::kConfirm, S::kSucceeded).message,
            "You cannot confirm this SetupIntent because it has already succeeded after being "
            "previously confirmed.");
  EXPECT_EQ(unexpected_state(Op::kConfirm, S::kCanceled).message,
            "You cannot confirm this SetupIntent because it has a status of canceled. Only a "
            "SetupIntent with one of the following statuses may be confirmed: "
            "requires_payment_method, requires_confirmation, requires_action.");
}

TEST(SetupIntentStatus, MicrodepositsOnlyWhileWaitingForThem) {
  EXPECT_EQ(unexpected_state(Op::kVerifyMicrodeposits, S::kSucceeded).message,
            "This SetupIntent's microdeposits could not be verified because it has a status of "
            "succeeded. Only a SetupIntent with one of the following statuses may have its "
            "microdeposits verified: requires_action.");
}

}  // namespace
}  // namespace intentd::domain
