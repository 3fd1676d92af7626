#include "webhooks/signature.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <cstdio>
#include <string>

namespace intentd::webhooks {
namespace {

constexpr std::string_view kSecret = "whsec_test_secret";
constexpr int64_t kT = 1'700'000'000;
constexpr std::string_view kBody = R"({"id":"evt_1","object":"event"})";

// HMAC-SHA256 straight from OpenSSL, independent of util::hmac_sha256_hex.
std::string openssl_hmac_hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

TEST(SignatureHeader, IsTimestampAndHmacOfTimestampDotBody) {
  const std::string want =
      "t=1700000000,v1=" + openssl_hmac_hex(kSecret, "1700000000." + std::string(kBody));
  EXPECT_EQ(signature_header(kSecret, kT, kBody), want);
}

TEST(SignatureHeader, KnownValue) {
  // python3: hmac.new(b"whsec_test_secret", b'1700000000.{"id":"evt_1","object":"event"}',
  //                   hashlib.sha256).hexdigest()
  EXPECT_EQ(signature_header(kSecret, kT, kBody),
            "t=1700000000,v1=0c8670ed117751cc551a20e35839447075c42800ea3cf3e8a2fbda99cd1e6edd");
}

TEST(SignatureHeader, KeyedByTheWholeSecretAndCoversEveryByte) {
  const std::string body = std::string("{\"a\":\"\xc3\xa9\"}\n") + std::string(1, '\0') + "x";
  EXPECT_EQ(signature_header("whsec_abc", 5, body),
            "t=5,v1=" + openssl_hmac_hex("whsec_abc", "5." + body));
  EXPECT_NE(signature_header("whsec_abc", 5, body), signature_header("abc", 5, body));
  EXPECT_NE(signature_header("whsec_abc", 5, body), signature_header("whsec_abc", 6, body));
}

TEST(VerifySignature, AcceptsItsOwnSignature) {
  const std::string h = signature_header(kSecret, kT, kBody);
  EXPECT_TRUE(verify_signature(h, kBody, kSecret, kT));
}

TEST(VerifySignature, RejectsTheWrongSecret) {
  const std::string h = signature_header(kSecret, kT, kBody);
  EXPECT_FALSE(verify_signature(h, kBody, "whsec_other", kT));
  EXPECT_FALSE(verify_signature(h, kBody, "", kT));
}

TEST(VerifySignature, RejectsATamperedBody) {
  const std::string h = signature_header(kSecret, kT, kBody);
  EXPECT_FALSE(verify_signature(h, R"({"id":"evt_2","object":"event"})", kSecret, kT));
  EXPECT_FALSE(verify_signature(h, std::string(kBody) + " ", kSecret, kT));
  EXPECT_FALSE(verify_signature(h, "", kSecret, kT));
}

TEST(VerifySignature, RejectsATamperedTimestamp) {
  std::string h = signature_header(kSecret, kT, kBody);
  h.replace(h.find("1700000000"), 10, "1700000001");
  EXPECT_FALSE(verify_signature(h, kBody, kSecret, kT));
}

TEST(VerifySignature, RejectsStaleAndFutureTimestamps) {
  const std::string h = signature_header(kSecret, kT, kBody);
  EXPECT_TRUE(verify_signature(h, kBody, kSecret, kT + 300));
  EXPECT_TRUE(verify_signature(h, kBody, kSecret, kT - 300));
  EXPECT_FALSE(verify_signature(h, kBody, kSecret, kT + 301));
  EXPECT_FALSE(verify_signature(h, kBody, kSecret, kT - 301));
  EXPECT_FALSE(verify_signature(h, kBody, kSecret, kT + 86'400));
  // A tolerance of its own, and none at all.
  EXPECT_TRUE(verify_signature(h, kBody, kSecret, kT + 1000, 1000));
  EXPECT_FALSE(verify_signature(h, kBody, kSecret, kT + 1001, 1000));
  EXPECT_TRUE(verify_signature(h, kBody, kSecret, kT + 86'400, 0));
}

TEST(VerifySignature, AcceptsAnyOfSeveralV1Signatures) {
  // During a secret roll Stripe signs with both secrets.
  const std::string good = openssl_hmac_hex(kSecret, "1700000000." + std::string(kBody));
  const std::string other = openssl_hmac_hex("whsec_old", "1700000000." + std::string(kBody));
  EXPECT_TRUE(verify_signature("t=1700000000,v1=" + other + ",v1=" + good, kBody, kSecret, kT));
  EXPECT_TRUE(verify_signature("t=1700000000,v0=abc,v1=" + good, kBody, kSecret, kT));
  EXPECT_FALSE(verify_signature("t=1700000000,v1=" + other, kBody, kSecret, kT));
}

TEST(VerifySignature, RejectsMalformedHeaders) {
  const std::string good = openssl_hmac_hex(kSecret, "1700000000." + std::string(kBody));
  EXPECT_FALSE(verify_signature("", kBody, kSecret, kT));
  EXPECT_FALSE(verify_signature("garbage", kBody, kSecret, kT));
  EXPECT_FALSE(verify_signature("v1=" + good, kBody, kSecret, kT));    // no timestamp
  EXPECT_FALSE(verify_signature("t=1700000000", kBody, kSecret, kT));  // no signature
  EXPECT_FALSE(verify_signature("t=1700000000,v0=" + good, kBody, kSecret, kT));
  EXPECT_FALSE(verify_signature("t=1700000000,v1=", kBody, kSecret, kT));
  EXPECT_FALSE(verify_signature("t=1700000000,v1=" + good.substr(0, 63), kBody, kSecret, kT));
  std::string upper = good;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(verify_signature("t=1700000000,v1=" + upper, kBody, kSecret, kT));
}

}  // namespace
}  // namespace intentd::webhooks
