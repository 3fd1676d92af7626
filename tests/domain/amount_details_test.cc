#include "domain/amount_details.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace intentd::domain {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;
namespace json = boost::json;

json::value parse(const char* text) {
  return json::parse(text);
}

// The seed's details: two items of 2000, shipping 400, discount 200, tax 400 → 4600.
const char* kSeedDetails = R"({
  "discount_amount": 200,
  "tax": {"total_tax_amount": 400},
  "shipping": {"from_postal_code": "94110", "to_postal_code": "94117", "amount": 400},
  "line_items": [
    {"product_code": "SKU001", "product_name": "Product 001", "unit_cost": 2000, "quantity": 1,
     "unit_of_measure": "feet", "payment_method_options": {"card": {"commodity_code": "123123"}}},
    {"product_code": "SKU002", "product_name": "Product 002", "unit_cost": 2000, "quantity": 1,
     "unit_of_measure": "gallons", "payment_method_options": {"card": {"commodity_code": "123123"}}}
  ]})";

// One capture's details from the seed: one item of 2000, shipping 200, discount 100, tax 200.
std::string capture_details(const char* sku) {
  return std::string(R"({"discount_amount": 100, "tax": {"total_tax_amount": 200},
    "shipping": {"from_postal_code": "94110", "to_postal_code": "94117", "amount": 200},
    "line_items": [{"product_code": ")") +
         sku + R"(", "product_name": "x", "unit_cost": 2000, "quantity": 1}]})";
}

TEST(AmountDetails, SeedDetailsAddUpToTheAmount) {
  auto d = check_amount_details(parse(kSeedDetails), 4600, "amount_details", kNow);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(amount_details_total(*d), 4600);
  EXPECT_EQ(d->at("line_items").as_array().size(), 2u);
  EXPECT_FALSE(d->contains("error"));
}

TEST(AmountDetails, TotalsPastInt64AreRefusedNotWrapped) {
  // 9223372036854775807 × 2 wraps to -2 in int64; with enforcement off it was once stored as
  // "add up to -9223372036854775808".
  for (const char* enforce : {"true", "false"}) {
    const std::string details =
        std::string(R"({"enforce_arithmetic_validation": )") + enforce +
        R"(, "line_items": [{"product_name": "x", "unit_cost": 9223372036854775807,
                             "quantity": 2}]})";
    auto d = check_amount_details(parse(details.c_str()), 100, "amount_details", kNow);
    ASSERT_FALSE(d.ok()) << enforce;
    EXPECT_EQ(d.error().code, "amount_too_large");
    EXPECT_EQ(d.error().param, "amount_details");
  }
  json::object huge{{"line_items", json::array{json::object{{"unit_cost", 4611686018427387904},
                                                            {"quantity", 2}}}}};
  EXPECT_EQ(amount_details_total(huge), std::nullopt);
}

TEST(AmountDetails, AMismatchIsA400) {
  auto d = check_amount_details(parse(kSeedDetails), 5000, "amount_details", kNow);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().status, 400);
  EXPECT_EQ(d.error().code, "amount_details_amount_mismatch");
  EXPECT_EQ(d.error().param, "amount_details");
}

TEST(AmountDetails, WithoutEnforcementTheMismatchIsKeptAsAnError) {
  json::value p = parse(kSeedDetails);
  p.as_object()["enforce_arithmetic_validation"] = false;
  auto d = check_amount_details(p, 5000, "amount_details", kNow);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->at("error").at("code"), "amount_details_amount_mismatch");
  EXPECT_FALSE(d->contains("enforce_arithmetic_validation"));
}

TEST(AmountDetails, ExtrasAboveTheAmount) {
  auto d =
      check_amount_details(parse(R"({"shipping": {"amount": 700}})"), 500, "amount_details", kNow);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, "amount_details_tax_shipping_discount_greater_than_amount");
}

TEST(AmountDetails, ItemAndTopLevelDiscountsExcludeEachOther) {
  auto d = check_amount_details(
      parse(R"({"discount_amount": 1, "line_items": [{"product_name": "a", "unit_cost": 10,
              "quantity": 1, "discount_amount": 1}]})"),
      8, "amount_details", kNow);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, "parameters_exclusive");
}

TEST(AmountDetails, ShownWithoutLineItems) {
  auto d = check_amount_details(parse(kSeedDetails), 4600, "amount_details", kNow);
  json::object shown = shown_amount_details(*d);
  EXPECT_FALSE(shown.contains("line_items"));
  EXPECT_EQ(shown.at("discount_amount"), 200);
  EXPECT_EQ(shown_amount_details(std::nullopt), (json::object{{"tip", json::object()}}));
}

TEST(AmountDetails, SeedMulticaptureFirstCaptureReplacesTheCreationDetails) {
  auto created = check_amount_details(parse(kSeedDetails), 4600, "amount_details", kNow);
  json::value param = parse(capture_details("SKU001").c_str());
  auto first = capture_amount_details(*created, CaptureDetails::kNoCaptureYet,
                                      CaptureDetails::kNoCaptureYet, &param, 2300, kNow);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->state, CaptureDetails::kWith);
  EXPECT_EQ(first->details->at("discount_amount"), 100);
  EXPECT_EQ(first->details->at("line_items").as_array().size(), 1u);

  json::value second_param = parse(capture_details("SKU002").c_str());
  auto second = capture_amount_details(first->details, first->state, first->items_state,
                                       &second_param, 2300, kNow);
  ASSERT_TRUE(second.ok()) << second.error().message;
  // discount, tax and shipping add up; items aggregate; postal codes stay.
  EXPECT_EQ(second->details->at("discount_amount"), 200);
  EXPECT_EQ(second->details->at("tax").at("total_tax_amount"), 400);
  EXPECT_EQ(second->details->at("shipping").at("amount"), 400);
  EXPECT_EQ(second->details->at("shipping").at("from_postal_code"), "94110");
  const auto& items = second->details->at("line_items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("product_code"), "SKU001");
  EXPECT_EQ(items[1].at("product_code"), "SKU002");
}

TEST(AmountDetails, CreatedWithDetailsTheFirstCaptureMustPassOrUnsetThem) {
  auto created = check_amount_details(parse(kSeedDetails), 4600, "amount_details", kNow);
  auto absent = capture_amount_details(*created, CaptureDetails::kNoCaptureYet,
                                       CaptureDetails::kNoCaptureYet, nullptr, 4600, kNow);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().param, "amount_details");
  json::value unset = nullptr;
  auto cleared = capture_amount_details(*created, CaptureDetails::kNoCaptureYet,
                                        CaptureDetails::kNoCaptureYet, &unset, 4600, kNow);
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->details.has_value());
  EXPECT_EQ(cleared->state, CaptureDetails::kWithout);
}

TEST(AmountDetails, DetailsMayBeAddedAtTheFirstCaptureOnly) {
  json::value param = parse(capture_details("SKU001").c_str());
  auto first = capture_amount_details(std::nullopt, CaptureDetails::kNoCaptureYet,
                                      CaptureDetails::kNoCaptureYet, &param, 2300, kNow);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->state, CaptureDetails::kWith);
  auto later = capture_amount_details(std::nullopt, CaptureDetails::kWithout,
                                      CaptureDetails::kWithout, &param, 2300, kNow);
  ASSERT_FALSE(later.ok());
}

TEST(AmountDetails, OnceCapturesCarriedDetailsLaterOnesMust) {
  json::value param = parse(capture_details("SKU001").c_str());
  auto first = capture_amount_details(std::nullopt, CaptureDetails::kNoCaptureYet,
                                      CaptureDetails::kNoCaptureYet, &param, 2300, kNow);
  auto missing =
      capture_amount_details(first->details, first->state, first->items_state, nullptr, 2300, kNow);
  ASSERT_FALSE(missing.ok());
}

TEST(AmountDetails, PostalCodesCannotChangeBetweenCaptures) {
  json::value param = parse(capture_details("SKU001").c_str());
  auto first = capture_amount_details(std::nullopt, CaptureDetails::kNoCaptureYet,
                                      CaptureDetails::kNoCaptureYet, &param, 2300, kNow);
  json::value moved = parse(capture_details("SKU002").c_str());
  moved.as_object()["shipping"].as_object()["to_postal_code"] = "10001";
  auto second =
      capture_amount_details(first->details, first->state, first->items_state, &moved, 2300, kNow);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().param, "amount_details[shipping][to_postal_code]");
}

TEST(AmountDetails, SeedOvercaptureDetailsMatchTheCapturedAmount) {
  auto created = check_amount_details(parse(kSeedDetails), 4600, "amount_details", kNow);
  json::value param = parse(R"({"discount_amount": 200, "tax": {"total_tax_amount": 600},
    "shipping": {"from_postal_code": "94110", "to_postal_code": "94117", "amount": 600},
    "line_items": [{"product_name": "a", "unit_cost": 2000, "quantity": 1},
                   {"product_name": "b", "unit_cost": 2000, "quantity": 1}]})");
  auto captured = capture_amount_details(*created, CaptureDetails::kNoCaptureYet,
                                         CaptureDetails::kNoCaptureYet, &param, 5000, kNow);
  ASSERT_TRUE(captured.ok()) << captured.error().message;
  EXPECT_EQ(amount_details_total(*captured->details), 5000);
}

}  // namespace
}  // namespace intentd::domain

namespace intentd::domain {
namespace {

TEST(AmountDetailsLineItems, CreatedWithItemsTheFirstCaptureMustPassOrUnsetThem) {
  auto created = check_amount_details(boost::json::parse(R"({"line_items": [
      {"product_name": "a", "unit_cost": 4000, "quantity": 1}]})"),
                                      4000, "amount_details", kNow);
  ASSERT_TRUE(created.ok());
  boost::json::value without = boost::json::parse(R"({"tax": {"total_tax_amount": 100}})");
  auto refused = capture_amount_details(*created, CaptureDetails::kNoCaptureYet,
                                        CaptureDetails::kNoCaptureYet, &without, 4000, kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().param, "amount_details[line_items]");
  boost::json::value unset =
      boost::json::parse(R"({"tax": {"total_tax_amount": 100}, "line_items": null})");
  auto cleared = capture_amount_details(*created, CaptureDetails::kNoCaptureYet,
                                        CaptureDetails::kNoCaptureYet, &unset, 4000, kNow);
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  EXPECT_EQ(cleared->items_state, CaptureDetails::kWithout);
  EXPECT_FALSE(cleared->details->contains("line_items"));
}

TEST(AmountDetailsLineItems, OnceCapturedWithItemsLaterCapturesMustCarryThem) {
  boost::json::value shipping_only = boost::json::parse(R"({"shipping": {"amount": 100}})");
  auto refused = capture_amount_details(boost::json::object(), CaptureDetails::kWith,
                                        CaptureDetails::kWith, &shipping_only, 100, kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().param, "amount_details[line_items]");
}

TEST(AmountDetailsLineItems, OnceCapturedWithoutItemsLaterCapturesCannotAddThem) {
  boost::json::value items = boost::json::parse(R"({"line_items": [
      {"product_name": "a", "unit_cost": 2000, "quantity": 1}]})");
  auto refused = capture_amount_details(boost::json::object(), CaptureDetails::kWith,
                                        CaptureDetails::kWithout, &items, 2000, kNow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().param, "amount_details[line_items]");
}

}  // namespace
}  // namespace intentd::domain
