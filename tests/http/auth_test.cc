#include "http/auth.h"

#include <gtest/gtest.h>

namespace intentd::http {
namespace {

constexpr std::string_view kSecret = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
constexpr std::string_view kPublishable = "pk_test_TYooMQauvdEDq54NiTphI7jx";

class KeyRingAuthenticate : public ::testing::Test {
 protected:
  KeyRingAuthenticate() {
    keys_.add(store::ApiKey{"acct_a", std::string(kSecret), store::KeyKind::kSecret, 0});
    keys_.add(store::ApiKey{"acct_a", std::string(kPublishable), store::KeyKind::kPublishable, 0});
  }
  KeyRing keys_;
};

TEST(KeyFromAuthorization, Bearer) {
  EXPECT_EQ(key_from_authorization("Bearer sk_test_abc"), "sk_test_abc");
  EXPECT_EQ(key_from_authorization("bearer   sk_test_abc  "), "sk_test_abc");
}

TEST(KeyFromAuthorization, BasicWithTheRawKey) {
  EXPECT_EQ(key_from_authorization("Basic sk_test_abc"), "sk_test_abc");
  EXPECT_EQ(key_from_authorization("Basic sk_test_abc:"), "sk_test_abc");
}

TEST(KeyFromAuthorization, BasicWithBase64KeyColon) {
  // base64("sk_test_abc:")
  EXPECT_EQ(key_from_authorization("Basic c2tfdGVzdF9hYmM6"), "sk_test_abc");
  // base64("sk_test_abc:ignored-password")
  EXPECT_EQ(key_from_authorization("Basic c2tfdGVzdF9hYmM6aWdub3JlZC1wYXNzd29yZA=="),
            "sk_test_abc");
}

TEST(KeyFromAuthorization, NoKey) {
  EXPECT_EQ(key_from_authorization(""), "");
  EXPECT_EQ(key_from_authorization("Bearer"), "");
  EXPECT_EQ(key_from_authorization("Bearer   "), "");
  EXPECT_EQ(key_from_authorization("Digest abc"), "");
}

TEST(KeyRingMask, KeepsFirstEightAndLastFourAndTheLength) {
  std::string masked = KeyRing::mask(kSecret);
  EXPECT_EQ(masked, "sk_test_********************p7dc");
  EXPECT_EQ(masked.size(), kSecret.size());
  EXPECT_EQ(KeyRing::mask("short"), "*****");
}

TEST_F(KeyRingAuthenticate, BearerSecretKey) {
  auto who = keys_.authenticate("Bearer " + std::string(kSecret));
  ASSERT_TRUE(who.ok()) << who.error().message;
  EXPECT_EQ(who->account, "acct_a");
  EXPECT_EQ(who->kind, store::KeyKind::kSecret);
  EXPECT_EQ(who->masked_key, KeyRing::mask(kSecret));
}

TEST_F(KeyRingAuthenticate, BasicForms) {
  EXPECT_TRUE(keys_.authenticate("Basic " + std::string(kSecret)).ok());
  // base64("sk_test_4eC39HqLyjWDarjtT1zdp7dc:")
  EXPECT_TRUE(keys_.authenticate("Basic c2tfdGVzdF80ZUMzOUhxTHlqV0Rhcmp0VDF6ZHA3ZGM6").ok());
}

TEST_F(KeyRingAuthenticate, PublishableKind) {
  auto who = keys_.authenticate("Bearer " + std::string(kPublishable));
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->kind, store::KeyKind::kPublishable);
}

TEST_F(KeyRingAuthenticate, MissingHeader) {
  auto r = keys_.authenticate("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 401);
  EXPECT_EQ(r.error().type, ErrorType::kInvalidRequestError);
  EXPECT_EQ(r.error().message,
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
            "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or "
            "we can help at https://support.stripe.com/.");
}

TEST_F(KeyRingAuthenticate, BearerWithNothingQuotesTheHeader) {
  auto r = keys_.authenticate("Bearer");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 401);
  EXPECT_EQ(r.error().message,
            "You did not provide an API key, though you did set your Authorization header to "
            "\"Bearer\". Using Bearer auth, your Authorization header should look something like "
            "'Authorization: Bearer YOUR_SECRET_KEY'. See "
            "https://stripe.com/docs/api#authentication for details, or we can help at "
            "https://support.stripe.com/.");
}

TEST_F(KeyRingAuthenticate, UnknownKeyIs401WithTheKeyMasked) {
  const std::string unknown = "sk_test_000000000000000000000000wxyz";
  auto r = keys_.authenticate("Bearer " + unknown);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 401);
  EXPECT_EQ(r.error().message, "Invalid API Key provided: " + KeyRing::mask(unknown));
  EXPECT_EQ(r.error().message.find("0000"), std::string::npos);
  EXPECT_EQ(r.error().body().find(unknown), std::string::npos);
}

TEST(KeyRing, EmptyUntilAKeyIsAdded) {
  KeyRing keys;
  EXPECT_TRUE(keys.empty());
  keys.add(store::ApiKey{"acct_a", "sk_test_x", store::KeyKind::kSecret, 0});
  EXPECT_FALSE(keys.empty());
}

TEST(SecretKeyRequired, Is401WithCode) {
  ApiError e = secret_key_required_error(KeyRing::mask(kPublishable));
  EXPECT_EQ(e.status, 401);
  EXPECT_EQ(e.code, "secret_key_required");
}

}  // namespace
}  // namespace intentd::http
