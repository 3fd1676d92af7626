#include "api/idempotency.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace intentd::api {
namespace {
namespace json = boost::json;

std::string fingerprint(std::string_view text) {
  return params_fingerprint(json::parse(text).as_object());
}

store::IdempotencyRecord first_request(std::string_view params) {
  store::IdempotencyRecord r;
  r.key = "key-1";
  r.method = "POST";
  r.path = "/v1/customers";
  r.params_hash = fingerprint(params);
  r.status = 200;
  r.body = "{}";
  return r;
}

TEST(ParamsFingerprint, IsHexSha256) {
  std::string f = fingerprint("{}");
  EXPECT_EQ(f.size(), 64u);
  EXPECT_EQ(f.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(ParamsFingerprint, IgnoresKeyOrderAtEveryLevel) {
  EXPECT_EQ(fingerprint(R"({"a":"1","b":{"x":"1","y":"2"}})"),
            fingerprint(R"({"b":{"y":"2","x":"1"},"a":"1"})"));
}

TEST(ParamsFingerprint, SensitiveToValues) {
  EXPECT_NE(fingerprint(R"({"a":"1"})"), fingerprint(R"({"a":"2"})"));
  EXPECT_NE(fingerprint(R"({"a":"1"})"), fingerprint(R"({"b":"1"})"));
  EXPECT_NE(fingerprint(R"({"a":{"b":"1"}})"), fingerprint(R"({"a":{"b":"1","c":""}})"));
  EXPECT_NE(fingerprint(R"({"a":"1"})"), fingerprint(R"({"a":1})"));
}

TEST(ParamsFingerprint, ArrayOrderMatters) {
  EXPECT_NE(fingerprint(R"({"a":["x","y"]})"), fingerprint(R"({"a":["y","x"]})"));
}

TEST(CheckReuse, SameEndpointAndParamsMayReplay) {
  auto stored = first_request(R"({"email":"a@b.c","name":"A"})");
  EXPECT_TRUE(
      check_reuse(stored, "POST", "/v1/customers", fingerprint(R"({"name":"A","email":"a@b.c"})"))
          .ok());
}

TEST(CheckReuse, DifferentParamsIsAnIdempotencyError) {
  auto stored = first_request(R"({"name":"A"})");
  Status s = check_reuse(stored, "POST", "/v1/customers", fingerprint(R"({"name":"B"})"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().type, ErrorType::kIdempotencyError);
  EXPECT_EQ(s.error().status, 400);
  EXPECT_EQ(s.error().message,
            "Keys for idempotent requests can only be used with the same parameters they were "
            "first used with. Try using a key other than 'key-1' if you meant to execute a "
            "different request.");
}

TEST(CheckReuse, DifferentPathIsAnIdempotencyError) {
  auto stored = first_request(R"({})");
  Status s = check_reuse(stored, "POST", "/v1/customers/cus_1", fingerprint(R"({})"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().type, ErrorType::kIdempotencyError);
  EXPECT_EQ(s.error().message,
            "Keys for idempotent requests can only be used for the same endpoint they were first "
            "used for ('/v1/customers' vs '/v1/customers/cus_1'). Try using a key other than "
            "'key-1' if you meant to execute a different request.");
}

TEST(CheckReuse, DifferentMethodIsAnIdempotencyError) {
  auto stored = first_request(R"({})");
  Status s = check_reuse(stored, "DELETE", "/v1/customers", fingerprint(R"({})"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().type, ErrorType::kIdempotencyError);
}

TEST(IdempotencyKeyErrors, KeysMustBeShortPrintableText) {
  EXPECT_TRUE(check_idempotency_key("").ok());
  EXPECT_TRUE(check_idempotency_key("order-42 \xC3\xA9").ok());
  EXPECT_TRUE(check_idempotency_key(std::string(255, 'k')).ok());
  Status too_long = check_idempotency_key(std::string(256, 'k'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.error().message.find("255"), std::string::npos);
  for (std::string bad : {std::string("\xFF\xFE"), std::string("a\nb"), std::string("a\0b", 3)}) {
    Status s = check_idempotency_key(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().status, 400);
    EXPECT_EQ(s.error().message.find(bad), std::string::npos) << "the key is not echoed";
  }
}

TEST(IdempotencyKeyErrors, InUse) {
  ApiError in_use = idempotency_key_in_use("k");
  EXPECT_EQ(in_use.status, 409);
  EXPECT_EQ(in_use.code, "idempotency_key_in_use");
}

TEST(InFlightKeys, AcquireIsExclusiveUntilRelease) {
  InFlightKeys keys;
  EXPECT_TRUE(keys.acquire("acct_1\nk"));
  EXPECT_FALSE(keys.acquire("acct_1\nk"));
  EXPECT_TRUE(keys.acquire("acct_2\nk"));  // keys are scoped per account by the caller
  keys.release("acct_1\nk");
  EXPECT_TRUE(keys.acquire("acct_1\nk"));
}

TEST(InFlightKeys, ReleasingAnUnheldKeyIsHarmless) {
  InFlightKeys keys;
  keys.release("never");
  EXPECT_TRUE(keys.acquire("never"));
}

}  // namespace
}  // namespace intentd::api
