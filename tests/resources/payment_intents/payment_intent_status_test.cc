#include "resources/payment_intents/payment_intent_status.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace intentd::domain {
namespace {

using S = PaymentIntentStatus;
using Op = PaymentIntentOperation;

const S kStatuses[] = {S::kRequiresPaymentMethod,
                       S::kRequiresConfirmation,
                       S::kRequiresAction,
                       S::kProcessing,
                       S::kRequiresCapture,
                       S::kCanceled,
                       S::kSucceeded};
const Op kOperations[] = {
    Op::kUpdatePaymentMethod,    Op::kUpdateAmount,       Op::kConfirm, Op::kCapture, Op::kCancel,
    Op::kIncrementAuthorization, Op::kVerifyMicrodeposits};

// The whole table, written out: every status × operation, as Stripe documents it.
const std::map<Op, std::set<S>> kAllowed = {
    {Op::kUpdatePaymentMethod,
     {S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction}},
    {Op::kUpdateAmount, {S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction}},
    {Op::kConfirm, {S::kRequiresPaymentMethod, S::kRequiresConfirmation, S::kRequiresAction}},
    {Op::kCapture, {S::kRequiresCapture}},
    {Op::kCancel,
     {S::kRequiresPaymentMethod, S::kRequiresCapture, S::kRequiresConfirmation, S::kRequiresAction,
      S::kProcessing}},
    {Op::kIncrementAuthorization, {S::kRequiresCapture}},
    {Op::kVerifyMicrodeposits, {S::kRequiresAction}},
};

TEST(PaymentIntentStatus, EveryOperationFromEveryStatus) {
  for (Op op : kOperations)
    for (S s : kStatuses)
      EXPECT_EQ(allowed(op, s), kAllowed.at(op).count(s) == 1)
          << "operation " << static_cast<int>(op) << " from " << to_string(s);
}

TEST(PaymentIntentStatus, NamesRoundTrip) {
  for (S s : kStatuses) EXPECT_EQ(payment_intent_status(to_string(s)), s);
  EXPECT_FALSE(payment_intent_status("requires_source").has_value());
}

TEST(PaymentIntentStatus, CancelMessageListsStatusesInStripesOrder) {
  ApiError e = unexpected_state(Op::kCancel, S::kSucceeded);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "payment_intent_unexpected_state");
  EXPECT_EQ(e.message,
            "You cannot cancel this PaymentIntent because it has a status of succeeded. Only a "
            "PaymentIntent with one of the following statuses may be canceled: "
            "requires_payment_method, requires_capture, requires_confirmation, requires_action, "
            "processing.");
}

TEST(PaymentIntentStatus, CaptureMessage) {
  ApiError e = unexpected_state(Op::kCapture, S::kRequiresConfirmation);
  EXPECT_EQ(e.message,
            "This PaymentIntent could not be captured because it has a status of "
            "requires_confirmation. Only a PaymentIntent with one of the following statuses may "
            "be captured: requires_capture.");
}

TEST(PaymentIntentStatus, PaymentMethodUpdateMessageNamesTheParam) {
  ApiError e = unexpected_state(Op::kUpdatePaymentMethod, S::kSucceeded);
  EXPECT_EQ(e.param, "payment_method");
  EXPECT_EQ(e.message,
            "This PaymentIntent's payment_method could not be updated because it has a status "
            "of succeeded. You may only update the payment_method of a PaymentIntent with one of "
            "the following statuses: requires_payment_method, requires_confirmation, "
            "requires_action.");
}

TEST(PaymentIntentStatus, EveryRefusalIsAnUnexpectedStateError) {
  for (Op op : kOperations)
    for (S s : kStatuses)
      if (!allowed(op, s)) {
        ApiError e = unexpected_state(op, s);
        EXPECT_EQ(e.code, "payment_intent_unexpected_state");
        EXPECT_NE(e.message.find(std::string(to_string(s))), std::string::npos);
      }
}

}  // namespace
}  // namespace intentd::domain
