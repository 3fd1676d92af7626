#include "domain/pricing.h"

#include <gtest/gtest.h>

namespace intentd::domain {
namespace {

std::string normalized(std::string_view text) {
  auto r = normalize_decimal_amount(text, "unit_amount_decimal");
  return r.ok() ? *r : "error: " + r.error().message;
}

TEST(PricingDecimal, NormalizesToStripesForm) {
  EXPECT_EQ(normalized("1250"), "1250");
  EXPECT_EQ(normalized("0012.3400"), "12.34");
  EXPECT_EQ(normalized("150.00"), "150");
  EXPECT_EQ(normalized("0.5"), "0.5");
  EXPECT_EQ(normalized(".5"), "0.5");
  EXPECT_EQ(normalized("5."), "5");
  EXPECT_EQ(normalized("0"), "0");
  EXPECT_EQ(normalized("000"), "0");
  EXPECT_EQ(normalized("0.000000000001"), "0.000000000001");
  EXPECT_EQ(normalized("999999999999.999999999999"), "999999999999.999999999999");
  // Trailing zeros past the 12th place carry no precision.
  EXPECT_EQ(normalized("1.0000000000000"), "1");
}

TEST(PricingDecimal, RejectsMalformedNegativeAndTooPrecise) {
  for (const char* bad : {"", ".", "abc", "-5", "+5", "1e3", "1.2.3", " 1", "1,5", "0x10",
                          "1.0000000000001", "1000000000000"}) {
    auto r = normalize_decimal_amount(bad, "tiers[0][unit_amount_decimal]");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(r.error().param, "tiers[0][unit_amount_decimal]");
    EXPECT_TRUE(r.error().message.starts_with("Invalid decimal: ")) << r.error().message;
  }
}

TEST(PricingDecimal, WholeAmountOnlyWithoutAFraction) {
  EXPECT_EQ(whole_amount("1250"), 1250);
  EXPECT_EQ(whole_amount("0"), 0);
  EXPECT_EQ(whole_amount("999999999999"), 999999999999);
  EXPECT_EQ(whole_amount("0.5"), std::nullopt);
  EXPECT_EQ(whole_amount("12.34"), std::nullopt);
}

TEST(PricingInterval, AtMostOneYear) {
  const std::string param = "recurring[interval_count]";
  for (auto [interval, max] :
       {std::pair<const char*, int64_t>{"day", 365}, {"week", 52}, {"month", 12}, {"year", 1}}) {
    EXPECT_TRUE(check_interval_count(interval, 1, param).ok()) << interval;
    EXPECT_TRUE(check_interval_count(interval, max, param).ok()) << interval;
    Status s = check_interval_count(interval, max + 1, param);
    ASSERT_FALSE(s.ok()) << interval;
    EXPECT_EQ(s.error().param, param);
    EXPECT_NE(s.error().message.find("can't be greater than " + std::to_string(max)),
              std::string::npos)
        << s.error().message;
  }
  EXPECT_EQ(check_interval_count("year", 2, param).error().message.substr(0, 54),
            "The interval_count for yearly prices can't be greater ");
}

TEST(PricingTiers, UpToIsAPositiveIntegerOrInf) {
  EXPECT_EQ(*parse_up_to("10", "tiers[0][up_to]"), std::optional<int64_t>(10));
  EXPECT_EQ(*parse_up_to("inf", "tiers[0][up_to]"), std::nullopt);
  for (const char* bad : {"", "0", "-1", "abc", "1.5", "Infinity", "99999999999999999999"}) {
    auto r = parse_up_to(bad, "tiers[2][up_to]");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().param, "tiers[2][up_to]");
  }
}

std::string bounds_error(const std::vector<std::optional<int64_t>>& up_to) {
  Status s = check_tier_bounds(up_to, "tiers");
  return s.ok() ? "" : s.error().param;
}

TEST(PricingTiers, BoundsRiseAndEndInInf) {
  const std::optional<int64_t> inf;
  EXPECT_EQ(bounds_error({inf}), "");
  EXPECT_EQ(bounds_error({10, 100, inf}), "");
  EXPECT_EQ(bounds_error({10}), "tiers[0][up_to]");
  EXPECT_EQ(bounds_error({10, 100}), "tiers[1][up_to]");
  EXPECT_EQ(bounds_error({inf, inf}), "tiers[0][up_to]");
  EXPECT_EQ(bounds_error({10, inf, inf}), "tiers[1][up_to]");
  EXPECT_EQ(bounds_error({10, 10, inf}), "tiers[1][up_to]");
  EXPECT_EQ(bounds_error({10, 5, inf}), "tiers[1][up_to]");
  EXPECT_EQ(
      check_tier_bounds({10, 5, inf}, "default_price_data[tiers]").error().param.substr(0, 25),
      "default_price_data[tiers]");
}

}  // namespace
}  // namespace intentd::domain
