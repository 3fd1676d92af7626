#include "base/api_error.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace intentd {
namespace {
namespace json = boost::json;

const json::object& error_of(const json::object& root) {
  return root.at("error").as_object();
}

TEST(ApiError, RendersEveryFieldWithDocUrl) {
  ApiError e = ApiError::invalid_request("Bad thing.", "amount", "parameter_invalid_integer");
  e.decline_code = "insufficient_funds";
  e.extra["payment_intent"] = json::object{{"id", "pi_1"}};
  const json::object root = e.to_json();
  ASSERT_EQ(root.size(), 1u);
  const json::object& err = error_of(root);
  EXPECT_EQ(err.at("code"), "parameter_invalid_integer");
  EXPECT_EQ(err.at("decline_code"), "insufficient_funds");
  EXPECT_EQ(err.at("doc_url"), "https://stripe.com/docs/error-codes/parameter-invalid-integer");
  EXPECT_EQ(err.at("message"), "Bad thing.");
  EXPECT_EQ(err.at("param"), "amount");
  EXPECT_EQ(err.at("payment_intent").as_object().at("id"), "pi_1");
  EXPECT_EQ(err.at("type"), "invalid_request_error");
}

TEST(ApiError, OmitsAbsentFields) {
  ApiError e = ApiError::invalid_request("Only a message.");
  const json::object root = e.to_json();
  const json::object& err = error_of(root);
  EXPECT_EQ(err.size(), 2u);
  EXPECT_EQ(err.at("message"), "Only a message.");
  EXPECT_EQ(err.at("type"), "invalid_request_error");
  EXPECT_FALSE(err.contains("code"));
  EXPECT_FALSE(err.contains("doc_url"));
  EXPECT_FALSE(err.contains("param"));
  EXPECT_FALSE(err.contains("decline_code"));
}

TEST(ApiError, BodyIsTheSerializedJson) {
  ApiError e = ApiError::parameter_unknown("foo");
  EXPECT_EQ(json::parse(e.body()).as_object(), e.to_json());
}

TEST(ApiError, TypeNames) {
  EXPECT_EQ(to_string(ErrorType::kApiError), "api_error");
  EXPECT_EQ(to_string(ErrorType::kCardError), "card_error");
  EXPECT_EQ(to_string(ErrorType::kIdempotencyError), "idempotency_error");
  EXPECT_EQ(to_string(ErrorType::kInvalidRequestError), "invalid_request_error");
}

TEST(ApiError, ResourceMissingInThePathIs404) {
  ApiError e = ApiError::resource_missing("customer", "cus_123");
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.code, "resource_missing");
  EXPECT_EQ(e.param, "id");
  EXPECT_EQ(e.message, "No such customer: 'cus_123'");
  EXPECT_EQ(error_of(e.to_json()).at("doc_url"),
            "https://stripe.com/docs/error-codes/resource-missing");
}

TEST(ApiError, ResourceMissingAsAParamIs400) {
  ApiError e = ApiError::resource_missing("payment_method", "pm_1", "payment_method");
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.param, "payment_method");
  EXPECT_EQ(e.message, "No such payment_method: 'pm_1'");
}

TEST(ApiError, SharedParamErrors) {
  EXPECT_EQ(ApiError::parameter_missing("amount").message, "Missing required param: amount.");
  EXPECT_EQ(ApiError::parameter_missing("amount").code, "parameter_missing");
  EXPECT_EQ(ApiError::parameter_unknown("x").message, "Received unknown parameter: x");
  EXPECT_EQ(ApiError::parameter_invalid_empty("name").code, "parameter_invalid_empty");
  EXPECT_EQ(ApiError::parameter_invalid_empty("name").param, "name");
}

TEST(ApiError, UnrecognizedUrlIs404WithoutCode) {
  ApiError e = ApiError::unrecognized_url("GET", "/v1/nope");
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.type, ErrorType::kInvalidRequestError);
  EXPECT_TRUE(e.code.empty());
  EXPECT_EQ(e.message,
            "Unrecognized request URL (GET: /v1/nope). Please see https://stripe.com/docs or we "
            "can help at https://support.stripe.com/.");
}

TEST(ApiError, InternalIs500ApiErrorAndHidesDetails) {
  ApiError e = ApiError::internal("sqlite: disk I/O error");
  EXPECT_EQ(e.status, 500);
  EXPECT_EQ(error_of(e.to_json()).at("type"), "api_error");
  EXPECT_EQ(e.message.find("sqlite"), std::string::npos);
}

}  // namespace
}  // namespace intentd
