#include "util/crypto.h"

#include <gtest/gtest.h>

namespace intentd::util {
namespace {

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HmacSha256Hex, Rfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256Hex, Rfc4231TestCase1) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("sk_test_abc", "sk_test_abc"));
  EXPECT_FALSE(constant_time_equal("sk_test_abc", "sk_test_abd"));
  EXPECT_FALSE(constant_time_equal("sk_test_abc", "sk_test_ab"));
  EXPECT_FALSE(constant_time_equal("", "a"));
}

TEST(Base64Decode, WithAndWithoutPadding) {
  EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(base64_decode("Zm9vYg=="), "foob");
  EXPECT_EQ(base64_decode("Zm9vYg"), "foob");
  EXPECT_EQ(base64_decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(base64_decode("Zm9vYmE"), "fooba");
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_EQ(base64_decode("+/+/"), std::string("\xfb\xff\xbf", 3));
}

TEST(Base64Decode, RejectsInvalidInput) {
  EXPECT_EQ(base64_decode("Zm9v!mFy"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9 v"), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9vY"), std::nullopt);   // one character past a group
  EXPECT_EQ(base64_decode("Zm=9v"), std::nullopt);   // padding in the middle
  EXPECT_EQ(base64_decode("Zm9v-_"), std::nullopt);  // base64url is not base64
}

TEST(Base64Decode, RejectsExcessPadding) {
  // Standard base64 pads a group to four characters; more '=' than that is malformed.
  EXPECT_EQ(base64_decode("Zm9vYg==="), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9vYmFy=="), std::nullopt);
  EXPECT_EQ(base64_decode("===="), std::nullopt);
}

}  // namespace
}  // namespace intentd::util
