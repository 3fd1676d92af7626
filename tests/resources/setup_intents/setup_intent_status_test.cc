#include "resources/setup_intents/setup_intent_status.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "testutil/transitions.h"

namespace intentd::resources::setup_intents {
namespace {

using S = SetupIntentStatus;
using Op = SetupIntentOperation;

const std::vector<S> kStatuses = {S::kRequiresPaymentMethod,
                                  S::kRequiresConfirmation,
                                  S::kRequiresAction,
                                  S::kProcessing,
                                  S::kCanceled,
                                  S::kSucceeded};
const std::vector<Op> kApiOperations = {Op::kUpdate, Op::kConfirm, Op::kCancel,
                                        Op::kVerifyMicrodeposits};
const std::vector<Op> kOperations = {Op::kUpdate, Op::kConfirm, Op::kCancel,
                                     Op::kVerifyMicrodeposits, Op::kAuthenticate};

// The whole table, written out: for every operation, the statuses it is allowed from and the
// statuses it may lead to from each.
const std::set<S> kConfirmed = {S::kSucceeded, S::kRequiresAction, S::kRequiresPaymentMethod};
const testutil::Transitions<S, Op> kTransitions = {
    {Op::kUpdate,
     {{S::kRequiresPaymentMethod, {S::kRequiresConfirmation, S::kRequiresPaymentMethod}},
      {S::kRequiresConfirmation, {S::kRequiresConfirmation}},
      {S::kRequiresAction, {S::kRequiresConfirmation, S::kRequiresAction}}}},
    {Op::kConfirm,
     {{S::kRequiresPaymentMethod, kConfirmed},
      {S::kRequiresConfirmation, kConfirmed},
      {S::kRequiresAction, kConfirmed}}},
    {Op::kCancel,
     {{S::kRequiresPaymentMethod, {S::kCanceled}},
      {S::kRequiresConfirmation, {S::kCanceled}},
      {S::kRequiresAction, {S::kCanceled}}}},
    {Op::kVerifyMicrodeposits, {{S::kRequiresAction, {S::kSucceeded, S::kRequiresPaymentMethod}}}},
    {Op::kAuthenticate, {{S::kRequiresAction, {S::kRequiresPaymentMethod}}}},
};

TEST(SetupIntentStatus, EveryOperationFromEveryStatus) {
  testutil::expect_transitions(setup_intent_machine(), kOperations, kStatuses, kTransitions);
  for (Op op : kOperations)
    for (S s : kStatuses) EXPECT_EQ(allowed(op, s), setup_intent_machine().allowed(op, s));
}

TEST(SetupIntentStatus, NamesRoundTrip) {
  const std::vector<std::string> names = {"requires_payment_method",
                                          "requires_confirmation",
                                          "requires_action",
                                          "processing",
                                          "canceled",
                                          "succeeded"};
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    EXPECT_EQ(to_string(kStatuses[i]), names[i]);
    EXPECT_EQ(setup_intent_status(names[i]), kStatuses[i]);
  }
  EXPECT_FALSE(setup_intent_status("requires_capture").has_value());
}

TEST(SetupIntentStatus, UpdateMessage) {
  ApiError e = unexpected_state(Op::kUpdate, S::kCanceled);
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message,
            "You cannot update this SetupIntent because it has a status of canceled. Only a "
            "SetupIntent with one of the following statuses may be updated: "
            "requires_payment_method, requires_confirmation, requires_action.");
}

TEST(SetupIntentStatus, CancelMessageListsTheAllowedStatuses) {
  ApiError e = unexpected_state(Op::kCancel, S::kSucceeded);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "setup_intent_unexpected_state");
  EXPECT_EQ(e.param, "");
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
  EXPECT_EQ(unexpected_state(Op::kVerifyMicrodeposits, S::kRequiresPaymentMethod).message,
            "This SetupIntent's microdeposits could not be verified because it has a status of "
            "requires_payment_method. Only a SetupIntent with one of the following statuses may "
            "have its microdeposits verified: requires_action.");
}

TEST(SetupIntentStatus, EveryRefusalIsAnUnexpectedStateError) {
  for (Op op : kApiOperations)
    for (S s : kStatuses)
      if (!allowed(op, s)) {
        ApiError e = unexpected_state(op, s);
        EXPECT_EQ(e.status, 400);
        EXPECT_EQ(e.code, "setup_intent_unexpected_state");
        EXPECT_EQ(e.param, "");
      }
}

TEST(SetupIntentStatus, AuthenticationHasNoStripeWording) {
  EXPECT_THROW(unexpected_state(Op::kAuthenticate, S::kSucceeded), std::logic_error);
}

}  // namespace
}  // namespace intentd::resources::setup_intents
