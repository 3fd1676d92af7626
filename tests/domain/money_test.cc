#include "domain/money.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <set>
#include <string>

namespace intentd::domain {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

const std::vector<std::string> kZeroDecimal = {"bif", "clp", "djf", "gnf", "jpy", "kmf",
                                               "krw", "mga", "pyg", "rwf", "ugx", "vnd",
                                               "vuv", "xaf", "xof", "xpf"};

TEST(MoneyCurrency, ZeroDecimalCurrenciesAreStripesList) {
  for (const std::string& c : kZeroDecimal) {
    EXPECT_TRUE(is_zero_decimal(c)) << c;
    EXPECT_EQ(currency_decimals(c), 0) << c;
    EXPECT_TRUE(is_supported_currency(c)) << c;
  }
  size_t zero = 0;
  for (std::string_view c : supported_currencies()) zero += is_zero_decimal(c) ? 1 : 0;
  EXPECT_EQ(zero, kZeroDecimal.size());
  // ISO says zero decimals for isk; Stripe takes it with two (as it does huf and twd).
  for (const char* c : {"usd", "eur", "gbp", "isk", "huf", "twd", "idr", "inr"}) {
    EXPECT_FALSE(is_zero_decimal(c)) << c;
    EXPECT_EQ(currency_decimals(c), 2) << c;
  }
  EXPECT_TRUE(is_zero_decimal("JPY"));
}

TEST(MoneyCurrency, ThreeDecimalCurrencies) {
  for (const char* c : {"bhd", "jod", "kwd", "omr", "tnd"}) {
    EXPECT_EQ(currency_decimals(c), 3) << c;
    EXPECT_TRUE(is_supported_currency(c)) << c;
  }
}

TEST(MoneyCurrency, SupportedListIsStripesPresentmentList) {
  const auto& all = supported_currencies();
  EXPECT_GE(all.size(), 135u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_EQ(std::set<std::string_view>(all.begin(), all.end()).size(), all.size());
  for (std::string_view c : all) {
    ASSERT_EQ(c.size(), 3u) << c;
    for (char ch : c) EXPECT_TRUE(ch >= 'a' && ch <= 'z') << c;
    EXPECT_TRUE(is_supported_currency(c));
  }
  for (const char* c : {"usd", "eur", "gbp", "jpy", "chf", "aud", "cad", "sek", "nok", "dkk",
                        "pln", "czk", "huf", "ron", "bgn", "brl", "mxn", "inr", "sgd", "hkd",
                        "nzd", "thb", "myr", "aed", "zar", "try", "ils", "krw", "idr", "php"}) {
    EXPECT_TRUE(is_supported_currency(c)) << c;
  }
  EXPECT_TRUE(is_supported_currency("USD"));
  for (const char* c : {"", "us", "usdd", "xyz", "hrk", "btc", "u$d"})
    EXPECT_FALSE(is_supported_currency(c)) << c;
}

TEST(MoneyCurrency, CheckCurrencyListsTheSupportedOnes) {
  EXPECT_TRUE(check_currency("usd").ok());
  Status s = check_currency("xyz");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().status, 400);
  EXPECT_EQ(s.error().param, "currency");
  EXPECT_TRUE(s.error().message.starts_with(
      "Invalid currency: xyz. Stripe currently supports these currencies: aed, afn, "))
      << s.error().message;
  EXPECT_EQ(check_currency("XYZ", "line_items[0][currency]").error().param,
            "line_items[0][currency]");
}

// --- Minimum charge amounts -------------------------------------------------------------------

struct MinimumCase {
  std::string currency;
  int64_t minimum;
  std::string too_small;  // Stripe's message for minimum − 1
};

class MoneyMinimum : public testing::TestWithParam<MinimumCase> {};

TEST_P(MoneyMinimum, IsStripesTableRow) {
  const MinimumCase& c = GetParam();
  EXPECT_EQ(minimum_charge_amount(c.currency), c.minimum);
  EXPECT_TRUE(check_charge_amount(c.minimum, c.currency).ok());
  Status s = check_charge_amount(c.minimum - 1, c.currency);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().status, 400);
  EXPECT_EQ(s.error().type, ErrorType::kInvalidRequestError);
  EXPECT_EQ(s.error().code, "amount_too_small");
  EXPECT_EQ(s.error().param, "amount");
  EXPECT_EQ(s.error().message, c.too_small);
}

INSTANTIATE_TEST_SUITE_P(
    MoneyCurrencies, MoneyMinimum,
    testing::Values(MinimumCase{"usd", 50, "Amount must be at least $0.50 usd"},
                    MinimumCase{"aed", 200, "Amount must be at least 2.00 aed"},
                    MinimumCase{"aud", 50, "Amount must be at least $0.50 aud"},
                    MinimumCase{"bgn", 100, "Amount must be at least 1.00 bgn"},
                    MinimumCase{"brl", 50, "Amount must be at least R$0.50 brl"},
                    MinimumCase{"cad", 50, "Amount must be at least $0.50 cad"},
                    MinimumCase{"chf", 50, "Amount must be at least 0.50 chf"},
                    MinimumCase{"czk", 1500, "Amount must be at least 15.00 czk"},
                    MinimumCase{"dkk", 250, "Amount must be at least 2.50 dkk"},
                    MinimumCase{"eur", 50, "Amount must be at least €0.50 eur"},
                    MinimumCase{"gbp", 30, "Amount must be at least £0.30 gbp"},
                    MinimumCase{"hkd", 400, "Amount must be at least $4.00 hkd"},
                    MinimumCase{"huf", 17500, "Amount must be at least 175.00 huf"},
                    MinimumCase{"inr", 50, "Amount must be at least ₹0.50 inr"},
                    MinimumCase{"jpy", 50, "Amount must be at least ¥50 jpy"},
                    MinimumCase{"mxn", 1000, "Amount must be at least $10.00 mxn"},
                    MinimumCase{"myr", 200, "Amount must be at least 2.00 myr"},
                    MinimumCase{"nok", 300, "Amount must be at least 3.00 nok"},
                    MinimumCase{"nzd", 50, "Amount must be at least $0.50 nzd"},
                    MinimumCase{"pln", 200, "Amount must be at least 2.00 pln"},
                    MinimumCase{"ron", 200, "Amount must be at least 2.00 ron"},
                    MinimumCase{"sek", 300, "Amount must be at least 3.00 sek"},
                    MinimumCase{"sgd", 50, "Amount must be at least $0.50 sgd"},
                    MinimumCase{"thb", 1000, "Amount must be at least ฿10.00 thb"},
                    // Not in Stripe's table: 50 minor units.
                    MinimumCase{"idr", 50, "Amount must be at least 0.50 idr"},
                    MinimumCase{"krw", 50, "Amount must be at least ₩50 krw"},
                    MinimumCase{"kwd", 50, "Amount must be at least 0.050 kwd"}),
    [](const testing::TestParamInfo<MinimumCase>& info) { return info.param.currency; });

TEST(MoneyCheckAmount, MaximumIsEightDigits) {
  EXPECT_TRUE(check_charge_amount(kMaximumAmount, "usd").ok());
  Status s = check_charge_amount(kMaximumAmount + 1, "usd");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "amount_too_large");
  EXPECT_EQ(s.error().param, "amount");
  EXPECT_EQ(s.error().message, "Amount must be no more than $999,999.99");
  EXPECT_EQ(check_charge_amount(kMaximumAmount + 1, "jpy").error().message,
            "Amount must be no more than ¥99,999,999");
  EXPECT_EQ(check_charge_amount(kMax, "eur").error().message,
            "Amount must be no more than €999,999.99");
  EXPECT_EQ(check_charge_amount(kMaximumAmount + 1, "dkk").error().message,
            "Amount must be no more than 999,999.99 dkk");
}

TEST(MoneyCheckAmount, ZeroAndNegativeAmounts) {
  for (int64_t amount : {int64_t{0}, int64_t{-1}, kMin}) {
    Status s = check_charge_amount(amount, "usd", "amount_to_capture");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().param, "amount_to_capture");
    EXPECT_EQ(s.error().message, "This value must be greater than or equal to 1.");
  }
}

TEST(MoneyCheckAmount, NamesTheParamAndTheCurrency) {
  EXPECT_EQ(check_charge_amount(10, "usd", "line_items[0][amount]").error().param,
            "line_items[0][amount]");
  Status s = check_charge_amount(5000, "xyz");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().param, "currency");
  EXPECT_TRUE(check_charge_amount(5000, "USD").ok());
  EXPECT_EQ(check_charge_amount(10, "USD").error().message, "Amount must be at least $0.50 usd");
}

TEST(MoneyFormat, ShowsDecimalsSymbolsAndGroups) {
  EXPECT_EQ(format_amount(50, "usd"), "$0.50");
  EXPECT_EQ(format_amount(123456789, "eur"), "€1,234,567.89");
  EXPECT_EQ(format_amount(5, "usd"), "$0.05");
  EXPECT_EQ(format_amount(0, "gbp"), "£0.00");
  EXPECT_EQ(format_amount(1000, "jpy"), "¥1,000");
  EXPECT_EQ(format_amount(100, "jpy"), "¥100");
  EXPECT_EQ(format_amount(1234, "kwd"), "1.234 kwd");
  EXPECT_EQ(format_amount(250, "dkk"), "2.50 dkk");
  EXPECT_EQ(format_amount(-150, "usd"), "-$1.50");
  EXPECT_EQ(format_amount(-150, "dkk"), "-1.50 dkk");
  EXPECT_EQ(format_amount(kMin, "usd"), "-$92,233,720,368,547,758.08");
}

// --- Checked arithmetic -----------------------------------------------------------------------

TEST(MoneyArithmetic, AddSubMulReportOverflow) {
  EXPECT_EQ(add(2, 3), 5);
  EXPECT_EQ(add(kMax, 0), kMax);
  EXPECT_EQ(add(kMax, 1), std::nullopt);
  EXPECT_EQ(add(kMin, -1), std::nullopt);
  EXPECT_EQ(add(kMin, kMax), -1);
  EXPECT_EQ(sub(5, 7), -2);
  EXPECT_EQ(sub(kMin, 1), std::nullopt);
  EXPECT_EQ(sub(0, kMin), std::nullopt);
  EXPECT_EQ(sub(kMax, kMax), 0);
  EXPECT_EQ(mul(99999999, 50), 4999999950);
  EXPECT_EQ(mul(kMax, 2), std::nullopt);
  EXPECT_EQ(mul(kMin, -1), std::nullopt);
  EXPECT_EQ(mul(kMax, -1), -kMax);
  EXPECT_EQ(mul(0, kMin), 0);
}

// --- Fees -------------------------------------------------------------------------------------

struct FeeCase {
  std::string type;
  int64_t amount;
  std::string currency;
  int64_t fee;
};

class MoneyFee : public testing::TestWithParam<FeeCase> {};

TEST_P(MoneyFee, MatchesTestModePricing) {
  const FeeCase& c = GetParam();
  EXPECT_EQ(processing_fee(c.type, c.amount, c.currency), c.fee)
      << c.type << " " << c.amount << " " << c.currency;
}

INSTANTIATE_TEST_SUITE_P(
    MoneyPricing, MoneyFee,
    testing::Values(FeeCase{"card", 1000, "usd", 59},           // 29 + 30
                    FeeCase{"card", 2000, "usd", 88},           // 58 + 30
                    FeeCase{"card", 50, "usd", 31},             // 1.45 → 1
                    FeeCase{"card", 500, "usd", 45},            // 14.5 → 15 (half up)
                    FeeCase{"card", 517, "eur", 45},            // 14.993 → 15
                    FeeCase{"card", 99999999, "usd", 2900030},  // 2899999.971 → 2900000
                    FeeCase{"card", 5000, "jpy", 175},          // the same figures: 145 + 30
                    FeeCase{"card", 0, "usd", 0}, FeeCase{"card", -500, "usd", 0},
                    FeeCase{"link", 1000, "usd", 59},  // priced as cards
                    FeeCase{"sepa_debit", 1000, "eur", 8},
                    FeeCase{"sepa_debit", 1062, "eur", 8},  // 8.496 → 8
                    FeeCase{"sepa_debit", 1063, "eur", 9},  // 8.504 → 9
                    FeeCase{"sepa_debit", 62500, "eur", 500},
                    FeeCase{"sepa_debit", 1000000, "eur", 500},  // capped
                    FeeCase{"us_bank_account", 1000, "usd", 8},
                    FeeCase{"us_bank_account", 99999999, "usd", 500},
                    FeeCase{"us_bank_account", 0, "usd", 0}),
    [](const testing::TestParamInfo<FeeCase>& info) {
      return info.param.type + "_" + info.param.currency + "_" +
             (info.param.amount < 0 ? "minus" + std::to_string(-info.param.amount)
                                    : std::to_string(info.param.amount));
    });

TEST(MoneyFee, HugeAmountsDoNotOverflow) {
  EXPECT_GT(processing_fee("card", kMax, "usd"), 0);
  EXPECT_EQ(processing_fee("sepa_debit", kMax, "eur"), 500);
}

}  // namespace
}  // namespace intentd::domain
