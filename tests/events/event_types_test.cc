#include "events/event_types.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace intentd::events {
namespace {

TEST(IsV1EventType, KnowsStripesTypes) {
  // The first and last of the sorted list, and some from the middle: the lookup is a binary
  // search, so a type out of order would be missed.
  for (std::string_view t : {"account.application.authorized",
                             "account.updated",
                             "balance.available",
                             "charge.captured",
                             "charge.dispute.created",
                             "charge.succeeded",
                             "checkout.session.completed",
                             "customer.created",
                             "customer.deleted",
                             "customer.updated",
                             "customer.subscription.updated",
                             "invoice.paid",
                             "payment_intent.created",
                             "payment_intent.succeeded",
                             "payment_intent.payment_failed",
                             "payment_method.attached",
                             "payout.paid",
                             "refund.created",
                             "setup_intent.succeeded",
                             "treasury.received_credit.succeeded",
                             "treasury.received_debit.created"})
    EXPECT_TRUE(is_v1_event_type(t)) << t;
}

TEST(IsV1EventType, RejectsWhatIsNotAType) {
  for (std::string_view t :
       {"", "*", "customer", "customer.", "customer.made_up", "Customer.created",
        "customer.created ", "v2.core.event_destination.ping", "zzz", "a"})
    EXPECT_FALSE(is_v1_event_type(t)) << t;
}

TEST(IsV1EventType, ResourceWritesHaveTheirEvents) {
  // events::insert/update/erase name events "<type>.created|updated|deleted".
  EXPECT_TRUE(is_v1_event_type("customer.created"));
  EXPECT_TRUE(is_v1_event_type("customer.updated"));
  EXPECT_TRUE(is_v1_event_type("customer.deleted"));
  EXPECT_FALSE(is_v1_event_type("webhook_endpoint.created"));
  EXPECT_FALSE(is_v1_event_type("event.created"));
}

TEST(IsV2EventType, KnowsTheThinTypes) {
  EXPECT_TRUE(is_v2_event_type("v2.core.event_destination.ping"));
  EXPECT_TRUE(is_v2_event_type("v2.core.account.created"));
  EXPECT_TRUE(is_v2_event_type("v2.core.account[requirements].updated"));
  EXPECT_TRUE(is_v2_event_type("v1.billing.meter.error_report_triggered"));
  EXPECT_FALSE(is_v2_event_type("customer.created"));
  EXPECT_FALSE(is_v2_event_type("v2.core.event_destination"));
  EXPECT_FALSE(is_v2_event_type("*"));
  EXPECT_FALSE(is_v2_event_type(""));
}

TEST(EnabledFor, StarMatchesEverything) {
  std::vector<std::string> all{"*"};
  EXPECT_TRUE(enabled_for(all, "customer.created"));
  EXPECT_TRUE(enabled_for(all, "v2.core.event_destination.ping"));
}

TEST(EnabledFor, ExactTypesOnly) {
  std::vector<std::string> some{"charge.succeeded", "customer.created"};
  EXPECT_TRUE(enabled_for(some, "customer.created"));
  EXPECT_TRUE(enabled_for(some, "charge.succeeded"));
  EXPECT_FALSE(enabled_for(some, "customer.updated"));
  EXPECT_FALSE(enabled_for(some, "customer"));
  EXPECT_FALSE(enabled_for(some, "customer.*"));
}

TEST(EnabledFor, NothingEnabledMatchesNothing) {
  EXPECT_FALSE(enabled_for(std::vector<std::string>{}, "customer.created"));
  EXPECT_FALSE(enabled_for(std::vector<std::string_view>{"customer.updated"}, "customer.created"));
}

}  // namespace
}  // namespace intentd::events
