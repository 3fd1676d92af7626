#include "resources/payment_intents/payment_intent_status.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "testutil/transitions.h"

namespace intentd::resources::payment_intents {
namespace {

using S = PaymentIntentStatus;
using Op = PaymentIntentOperation;

const std::vector<S> kStatuses = {S::kRequiresPaymentMethod,
                                  S::kRequiresConfirmation,
                                  S::kRequiresAction,
                                  S::kProcessing,
                                  S::kRequiresCapture,
                                  S::kCanceled,
                                  S::kSucceeded};
const std::vector<Op> kApiOperations = {
    Op::kUpdatePaymentMethod,   Op::kUpdateAmount, Op::kConfirm, Op::kCapture, Op::kCancel,
    Op::kIncrementAuthorization};
const std::vector<Op> kOperations = {Op::kUpdatePaymentMethod,
                                     Op::kUpdateAmount,
                                     Op::kConfirm,
                                     Op::kCapture,
                                     Op::kCancel,
                                     Op::kIncrementAuthorization,
                                     Op::kAuthenticate,
                                     Op::kSettle,
                                     Op::kExpireAuthorization,
                                     Op::kOwnerExpired};

// The whole table, written out: for every operation, the statuses it is allowed from and the
// statuses it may lead to from each.
const std::set<S> kConfirmed = {S::kSucceeded, S::kRequiresCapture, S::kProcessing,
                                S::kRequiresAction, S::kRequiresPaymentMethod};
const testutil::Transitions<S, Op> kTransitions = {
    {Op::kUpdatePaymentMethod,
     {{S::kRequiresPaymentMethod, {S::kRequiresConfirmation}},
      {S::kRequiresConfirmation, {S::kRequiresConfirmation}},
      {S::kRequiresAction, {S::kRequiresConfirmation}}}},
    {Op::kUpdateAmount,
     {{S::kRequiresPaymentMethod, {S::kRequiresPaymentMethod}},
      {S::kRequiresConfirmation, {S::kRequiresConfirmation}},
      {S::kRequiresAction, {S::kRequiresAction}}}},
    {Op::kConfirm,
     {{S::kRequiresPaymentMethod, kConfirmed},
      {S::kRequiresConfirmation, kConfirmed},
      {S::kRequiresAction, kConfirmed}}},
    {Op::kCapture, {{S::kRequiresCapture, {S::kSucceeded, S::kRequiresCapture}}}},
    {Op::kCancel,
     {{S::kRequiresPaymentMethod, {S::kCanceled}},
      {S::kRequiresConfirmation, {S::kCanceled}},
      {S::kRequiresAction, {S::kCanceled}},
      {S::kProcessing, {S::kCanceled}},
      {S::kRequiresCapture, {S::kCanceled}}}},
    {Op::kIncrementAuthorization, {{S::kRequiresCapture, {S::kRequiresCapture}}}},
    {Op::kAuthenticate,
     {{S::kRequiresAction, {S::kRequiresConfirmation, S::kRequiresPaymentMethod}}}},
    {Op::kSettle, {{S::kProcessing, {S::kSucceeded, S::kRequiresPaymentMethod}}}},
    {Op::kExpireAuthorization, {{S::kRequiresCapture, {S::kSucceeded, S::kCanceled}}}},
    {Op::kOwnerExpired,
     {{S::kRequiresPaymentMethod, {S::kCanceled}},
      {S::kRequiresConfirmation, {S::kCanceled}},
      {S::kRequiresAction, {S::kCanceled}}}},
};

TEST(PaymentIntentStatus, EveryOperationFromEveryStatus) {
  testutil::expect_transitions(payment_intent_machine(), kOperations, kStatuses, kTransitions);
  for (Op op : kOperations)
    for (S s : kStatuses) EXPECT_EQ(allowed(op, s), payment_intent_machine().allowed(op, s));
}

TEST(PaymentIntentStatus, NamesRoundTrip) {
  const std::vector<std::string> names = {"requires_payment_method",
                                          "requires_confirmation",
                                          "requires_action",
                                          "processing",
                                          "requires_capture",
                                          "canceled",
                                          "succeeded"};
  for (size_t i = 0; i < kStatuses.size(); ++i) {
    EXPECT_EQ(to_string(kStatuses[i]), names[i]);
    EXPECT_EQ(payment_intent_status(names[i]), kStatuses[i]);
  }
  EXPECT_FALSE(payment_intent_status("requires_source").has_value());
}

TEST(PaymentIntentStatus, CancelMessageListsStatusesInStripesOrder) {
  ApiError e = unexpected_state(Op::kCancel, S::kSucceeded);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.code, "payment_intent_unexpected_state");
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message,
            "You cannot cancel this PaymentIntent because it has a status of succeeded. Only a "
            "PaymentIntent with one of the following statuses may be canceled: "
            "requires_payment_method, requires_capture, requires_confirmation, requires_action, "
            "processing.");
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

TEST(PaymentIntentStatus, AmountUpdateMessageNamesTheParam) {
  ApiError e = unexpected_state(Op::kUpdateAmount, S::kProcessing);
  EXPECT_EQ(e.param, "amount");
  EXPECT_EQ(e.message,
            "This PaymentIntent's amount could not be updated because it has a status of "
            "processing. You may only update the amount of a PaymentIntent with one of the "
            "following statuses: requires_payment_method, requires_confirmation, "
            "requires_action.");
}

TEST(PaymentIntentStatus, ConfirmMessages) {
  EXPECT_EQ(unexpected_state(Op::kConfirm, S::kSucceeded).message,
            "You cannot confirm this PaymentIntent because it has already succeeded after being "
            "previously confirmed.");
  EXPECT_EQ(unexpected_state(Op::kConfirm, S::kRequiresCapture).message,
            "You cannot confirm this PaymentIntent because it has a status of requires_capture. "
            "Only a PaymentIntent with one of the following statuses may be confirmed: "
            "requires_payment_method, requires_confirmation, requires_action.");
  EXPECT_EQ(unexpected_state(Op::kConfirm, S::kCanceled).message,
            "You cannot confirm this PaymentIntent because it has a status of canceled. Only a "
            "PaymentIntent with one of the following statuses may be confirmed: "
            "requires_payment_method, requires_confirmation, requires_action.");
  EXPECT_EQ(unexpected_state(Op::kConfirm, S::kSucceeded).param, "");
}

TEST(PaymentIntentStatus, CaptureMessage) {
  ApiError e = unexpected_state(Op::kCapture, S::kRequiresConfirmation);
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message,
            "This PaymentIntent could not be captured because it has a status of "
            "requires_confirmation. Only a PaymentIntent with one of the following statuses may "
            "be captured: requires_capture.");
}

TEST(PaymentIntentStatus, IncrementAuthorizationMessage) {
  ApiError e = unexpected_state(Op::kIncrementAuthorization, S::kSucceeded);
  EXPECT_EQ(e.param, "");
  EXPECT_EQ(e.message,
            "This PaymentIntent's authorization could not be incremented because it has a status "
            "of succeeded. Only a PaymentIntent with one of the following statuses may have its "
            "authorization incremented: requires_capture.");
}

TEST(PaymentIntentStatus, EveryRefusalIsAnUnexpectedStateError) {
  for (Op op : kApiOperations)
    for (S s : kStatuses)
      if (!allowed(op, s)) {
        ApiError e = unexpected_state(op, s);
        EXPECT_EQ(e.status, 400);
        EXPECT_EQ(e.code, "payment_intent_unexpected_state");
        if (!(op == Op::kConfirm && s == S::kSucceeded))
          EXPECT_NE(e.message.find("status of " + std::string(to_string(s)) + "."),
                    std::string::npos)
              << e.message;
      }
}

TEST(PaymentIntentStatus, BackgroundOperationsHaveNoStripeWording) {
  for (Op op : {Op::kAuthenticate, Op::kSettle, Op::kExpireAuthorization, Op::kOwnerExpired})
    EXPECT_THROW(unexpected_state(op, S::kSucceeded), std::logic_error);
}

}  // namespace
}  // namespace intentd::resources::payment_intents
