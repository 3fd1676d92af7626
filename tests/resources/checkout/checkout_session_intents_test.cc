#include "resources/checkout/checkout_session_intents.h"

#include <gtest/gtest.h>

#include "resources/registry.h"

namespace intentd::resources::checkout_sessions {
namespace {
namespace json = boost::json;

TEST(CheckoutSessionIntents, AreRegisteredAsTheOwnerOfCheckoutSessionIntents) {
  const IntentOwner* owner = resources::intent_owner("checkout.session");
  ASSERT_NE(owner, nullptr);
  EXPECT_NE(owner->on_succeeded, nullptr);
  EXPECT_NE(owner->on_failed, nullptr);
  EXPECT_NE(owner->on_authenticated, nullptr);
  EXPECT_NE(owner->permits, nullptr);
}

TEST(CheckoutSessionIntents, TheSessionKeepsItsIntentsToItself) {
  json::object internal;
  set_owner(internal, Owner{"checkout.session", "cs_test_1"});
  const json::object setup{{"id", "seti_1"}, {"status", "requires_payment_method"}};
  const Status confirm = owner_permits(IntentRequest::kConfirm, "setup_intent", setup, internal);
  ASSERT_FALSE(confirm.ok());
  EXPECT_EQ(confirm.error().code, "setup_intent_unexpected_state");
  EXPECT_FALSE(owner_permits(IntentRequest::kCancel, "setup_intent", setup, internal).ok());

  json::object payment{{"id", "pi_1"}, {"status", "requires_payment_method"}};
  EXPECT_TRUE(owner_permits(IntentRequest::kConfirm, "payment_intent", payment, internal).ok());
  const Status cancel = owner_permits(IntentRequest::kCancel, "payment_intent", payment, internal);
  ASSERT_FALSE(cancel.ok());
  EXPECT_EQ(cancel.error().code, "payment_intent_unexpected_state");
  payment["status"] = "requires_capture";  // held funds may be released
  EXPECT_TRUE(owner_permits(IntentRequest::kCancel, "payment_intent", payment, internal).ok());
}

}  // namespace
}  // namespace intentd::resources::checkout_sessions
