#include "domain/price_amount.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace intentd::domain {
namespace {
namespace json = boost::json;

json::object obj(const char* text) {
  return json::parse(text).as_object();
}

int64_t amount(const char* price, int64_t quantity, const json::array* tiers = nullptr) {
  auto r = price_amount(obj(price), tiers, quantity, "line_items[0]");
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? *r : -1;
}

TEST(PriceAmount, PerUnitWholeAndDecimal) {
  EXPECT_EQ(
      amount(R"({"billing_scheme":"per_unit","unit_amount":1099,"unit_amount_decimal":"1099"})", 3),
      3297);
  // 0.5 cent a unit: 3 units are 1.5 cents, rounded half up once for the line.
  EXPECT_EQ(
      amount(R"({"billing_scheme":"per_unit","unit_amount":null,"unit_amount_decimal":"0.5"})", 3),
      2);
  EXPECT_EQ(amount(R"({"unit_amount":null,"unit_amount_decimal":"12.000000000001"})", 1), 12);
}

TEST(PriceAmount, TransformQuantityRoundsUpOrDown) {
  const char* up = R"({"unit_amount":500,"transform_quantity":{"divide_by":10,"round":"up"}})";
  const char* down = R"({"unit_amount":500,"transform_quantity":{"divide_by":10,"round":"down"}})";
  EXPECT_EQ(amount(up, 11), 1000);
  EXPECT_EQ(amount(down, 11), 500);
  EXPECT_EQ(amount(down, 9), 0);
}

TEST(PriceAmount, GraduatedTiersPriceEachBand) {
  const json::array tiers = json::parse(R"([
    {"up_to":5,"unit_amount":1000,"unit_amount_decimal":"1000","flat_amount":null,"flat_amount_decimal":null},
    {"up_to":10,"unit_amount":800,"unit_amount_decimal":"800","flat_amount":100,"flat_amount_decimal":"100"},
    {"up_to":null,"unit_amount":500,"unit_amount_decimal":"500","flat_amount":null,"flat_amount_decimal":null}
  ])")
                                .as_array();
  const char* price = R"({"billing_scheme":"tiered","tiers_mode":"graduated"})";
  EXPECT_EQ(amount(price, 3, &tiers), 3000);
  EXPECT_EQ(amount(price, 7, &tiers), 5000 + 1600 + 100);
  EXPECT_EQ(amount(price, 12, &tiers), 5000 + 4000 + 100 + 1000);
}

TEST(PriceAmount, VolumeTiersPriceEveryUnitAtOneRate) {
  const json::array tiers = json::parse(R"([
    {"up_to":5,"unit_amount":1000,"flat_amount":null},
    {"up_to":null,"unit_amount":700,"flat_amount":200}
  ])")
                                .as_array();
  const char* price = R"({"billing_scheme":"tiered","tiers_mode":"volume"})";
  EXPECT_EQ(amount(price, 5, &tiers), 5000);
  EXPECT_EQ(amount(price, 6, &tiers), 4200 + 200);
}

TEST(PriceAmount, ACustomerChosenAmountIsRefused) {
  auto r = price_amount(obj(R"({"unit_amount":null,"custom_unit_amount":{"maximum":null}})"),
                        nullptr, 1, "line_items[2][price]");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 400);
  EXPECT_EQ(r.error().param, "line_items[2][price]");
}

}  // namespace
}  // namespace intentd::domain
