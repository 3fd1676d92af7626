#include "resources/shared/intent_owner.h"

#include <gtest/gtest.h>

namespace intentd::resources {
namespace {
namespace json = boost::json;

TEST(IntentOwner, IsRecordedInTheIntentsHiddenState) {
  json::object internal{{"authenticated", true}};
  EXPECT_FALSE(owner_of(internal).has_value());
  set_owner(internal, Owner{"checkout.session", "cs_test_1"});
  const auto owner = owner_of(internal);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->type, "checkout.session");
  EXPECT_EQ(owner->id, "cs_test_1");
  EXPECT_EQ(internal.at("authenticated"), true);
}

TEST(IntentOwner, AMalformedRecordIsNoOwner) {
  EXPECT_FALSE(owner_of(json::object{{"owner", "cs_test_1"}}).has_value());
  EXPECT_FALSE(owner_of(json::object{{"owner", json::object{{"type", "x"}}}}).has_value());
}

TEST(IntentOwner, HearsOfTheEventsThatEndOrHoldAnAttempt) {
  EXPECT_EQ(intent_event_of("payment_intent.succeeded"), IntentEvent::kSucceeded);
  EXPECT_EQ(intent_event_of("payment_intent.payment_failed"), IntentEvent::kFailed);
  EXPECT_EQ(intent_event_of("payment_intent.requires_action"), IntentEvent::kRequiresAction);
  EXPECT_EQ(intent_event_of("payment_intent.canceled"), IntentEvent::kCanceled);
  EXPECT_EQ(intent_event_of("setup_intent.succeeded"), IntentEvent::kSucceeded);
  EXPECT_EQ(intent_event_of("setup_intent.setup_failed"), IntentEvent::kFailed);
  EXPECT_EQ(intent_event_of("setup_intent.requires_action"), IntentEvent::kRequiresAction);
  EXPECT_EQ(intent_event_of("setup_intent.canceled"), IntentEvent::kCanceled);
  for (const char* other : {"payment_intent.created", "payment_intent.processing",
                            "payment_intent.amount_capturable_updated", "setup_intent.created",
                            "charge.succeeded", "checkout.session.completed"})
    EXPECT_FALSE(intent_event_of(other).has_value()) << other;
}

TEST(IntentOwner, WithoutAnOwnerEverythingIsPermitted) {
  const json::object intent{{"id", "seti_1"}, {"status", "requires_payment_method"}};
  EXPECT_TRUE(owner_permits(IntentRequest::kCancel, "setup_intent", intent, {}).ok());
  json::object unknown;
  set_owner(unknown, Owner{"no_such_owner", "x_1"});
  EXPECT_TRUE(owner_permits(IntentRequest::kCancel, "setup_intent", intent, unknown).ok());
}

}  // namespace
}  // namespace intentd::resources
