#include "domain/processor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

namespace intentd::domain {
namespace {

// 2026-03-15T12:00:00Z: tokens expire 03/2027; March 2026 is "this month".
constexpr int64_t kNow = 1773576000;
constexpr int64_t kThisYear = 2026;
constexpr int64_t kThisMonth = 3;

using Refunds = CardProfile::Refunds;
using Disputes = CardProfile::Disputes;

// The expected behaviour of every test card in SEMANTICS §7, written out independently of the
// simulator's own table.
struct CardCase {
  std::string number;
  std::vector<std::string> names;  // each is pm_card_<name> and tok_<name>
  std::string brand;
  std::string funding;
  std::string country;
  CardBehavior behavior;
  std::string code = "";
  std::string decline_code = "";
  std::string message = "";
  Refunds refunds = Refunds::kSucceed;
  Disputes disputes = Disputes::kNone;
  bool bypass_pending = false;
  std::string risk_level = "normal";
  std::string cvc_check = "pass";
  std::string line1_check = "pass";
  std::string postal_check = "pass";
};

const std::string kDeclined = "Your card was declined.";

const std::string kInsufficient = "Your card has insufficient funds.";

// clang-format off
std::vector<CardCase> card_cases() {
  using B = CardBehavior;
  return {
      // §7.1
      {.number = "4242424242424242", .names = {"visa"},               .brand = "visa",       .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      {.number = "4000056655665556", .names = {"visa_debit"},         .brand = "visa",       .funding = "debit",   .country = "US", .behavior = B::kSucceeds},
      {.number = "5555555555554444", .names = {"mastercard"},         .brand = "mastercard", .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      {.number = "2223003122003222", .names = {},                     .brand = "mastercard", .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      {.number = "5200828282828210", .names = {"mastercard_debit"},   .brand = "mastercard", .funding = "debit",   .country = "US", .behavior = B::kSucceeds},
      {.number = "5105105105105100", .names = {"mastercard_prepaid"}, .brand = "mastercard", .funding = "prepaid", .country = "US", .behavior = B::kSucceeds},
      {.number = "378282246310005",  .names = {"amex", "amex_threeDSecureNotSupported"},
                                                                      .brand = "amex",       .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      {.number = "6011111111111117", .names = {"discover"},           .brand = "discover",   .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      {.number = "3056930009020004", .names = {"diners"},             .brand = "diners",     .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      {.number = "3566002020360505", .names = {"jcb"},                .brand = "jcb",        .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      {.number = "6200000000000005", .names = {"unionpay"},           .brand = "unionpay",   .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
      // §7.2
      {.number = "4000000000000002", .names = {"visa_chargeDeclined", "chargeDeclined"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "card_declined", .decline_code = "generic_decline", .message = kDeclined},
      {.number = "4000000000009995", .names = {"visa_chargeDeclinedInsufficientFunds", "chargeDeclinedInsufficientFunds"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "card_declined", .decline_code = "insufficient_funds", .message = kInsufficient},
      {.number = "4000000000009987", .names = {"visa_chargeDeclinedLostCard", "chargeDeclinedLostCard"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "card_declined", .decline_code = "lost_card", .message = kDeclined},
      {.number = "4000000000009979", .names = {"visa_chargeDeclinedStolenCard", "chargeDeclinedStolenCard"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "card_declined", .decline_code = "stolen_card", .message = kDeclined},
      {.number = "4000000000000069", .names = {"chargeDeclinedExpiredCard", "visa_chargeDeclinedExpiredCard"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "expired_card", .decline_code = "expired_card", .message = "Your card has expired."},
      {.number = "4000000000000127", .names = {"chargeDeclinedIncorrectCvc", "visa_chargeDeclinedIncorrectCvc"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "incorrect_cvc", .decline_code = "incorrect_cvc", .message = "Your card's security code is incorrect."},
      {.number = "4000000000000119", .names = {"chargeDeclinedProcessingError", "visa_chargeDeclinedProcessingError"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "processing_error", .decline_code = "processing_error",
       .message = "An error occurred while processing your card. Try again in a little bit."},
      {.number = "4000000000006975", .names = {"visa_chargeDeclinedVelocityLimitExceeded", "chargeDeclinedVelocityLimitExceeded"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kDeclines,
       .code = "card_declined", .decline_code = "card_velocity_exceeded",
       .message = "Your card was declined for making repeated attempts too frequently or exceeding its amount limit."},
      {.number = "4000000000000341", .names = {"chargeCustomerFail", "visa_chargeCustomerFail"},
       .brand = "visa", .funding = "credit", .country = "US", .behavior = B::kAttachesThenDeclines,
       .code = "card_declined", .decline_code = "generic_decline", .message = kDeclined},
      // §7.3
      {.number = "4100000000000019", .names = {"radarBlock"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kDeclines, .code = "card_declined", .decline_code = "fraudulent", .message = kDeclined,
       .risk_level = "highest"},
      {.number = "4000000000004954", .names = {"riskLevelHighest"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kDeclines, .code = "card_declined", .decline_code = "fraudulent", .message = kDeclined,
       .risk_level = "highest"},
      {.number = "4000000000009235", .names = {"riskLevelElevated"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .risk_level = "elevated"},
      {.number = "4000000000000101", .names = {"cvcCheckFail"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .cvc_check = "fail"},
      {.number = "4000000000000036", .names = {"avsZipFail"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .postal_check = "fail"},
      {.number = "4000000000000028", .names = {"avsLine1Fail"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .line1_check = "fail"},
      {.number = "4000000000000010", .names = {"avsFail"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .line1_check = "fail", .postal_check = "fail"},
      {.number = "4000000000000044", .names = {"avsUnchecked"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .line1_check = "unavailable", .postal_check = "unavailable"},
      // §7.4
      {.number = "4000002500003155", .names = {"authenticationRequiredOnSetup"}, .brand = "visa", .funding = "credit",
       .country = "FR", .behavior = B::kAuthenticationUnlessSetUp},
      {.number = "4000002760003184", .names = {"authenticationRequired"}, .brand = "visa", .funding = "credit",
       .country = "DE", .behavior = B::kAuthenticationRequired},
      {.number = "4000003800000446", .names = {"authenticationRequiredSetupForOffSession"}, .brand = "visa",
       .funding = "credit", .country = "IT", .behavior = B::kAuthenticationOnSessionOnly},
      {.number = "4000008260003178", .names = {"authenticationRequiredChargeDeclinedInsufficientFunds"}, .brand = "visa",
       .funding = "credit", .country = "GB", .behavior = B::kAuthenticationThenDeclines,
       .code = "card_declined", .decline_code = "insufficient_funds", .message = kInsufficient},
      {.number = "4000000000003220", .names = {"threeDSecure2Required"}, .brand = "visa", .funding = "credit",
       .country = "US", .behavior = B::kAuthenticationRequired},
      {.number = "4000008400001629", .names = {"threeDSecureRequiredChargeDeclined"}, .brand = "visa",
       .funding = "credit", .country = "US", .behavior = B::kAuthenticationThenDeclines,
       .code = "card_declined", .decline_code = "generic_decline", .message = kDeclined},
      {.number = "4000008400001280", .names = {"threeDSecureRequiredProcessingError"}, .brand = "visa",
       .funding = "credit", .country = "US", .behavior = B::kAuthenticationThenDeclines,
       .code = "card_declined", .decline_code = "generic_decline", .message = kDeclined},
      {.number = "4000000000003055", .names = {"threeDSecureOptional"}, .brand = "visa", .funding = "credit",
       .country = "US", .behavior = B::kSucceeds},
      {.number = "4000000000003097", .names = {"threeDSecureOptionalProcessingError"}, .brand = "visa",
       .funding = "credit", .country = "US", .behavior = B::kSucceeds},
      // §7.5
      {.number = "4000000000007726", .names = {"pendingRefund"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .refunds = Refunds::kPendingThenSucceed},
      {.number = "4000000000005126", .names = {"refundFail"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .refunds = Refunds::kSucceedThenFail},
      {.number = "4000000000000259", .names = {"createDispute"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .disputes = Disputes::kFraudulent},
      {.number = "4000000000002685", .names = {"createDisputeProductNotReceived"}, .brand = "visa",
       .funding = "credit", .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kProductNotReceived},
      {.number = "4000000000001976", .names = {"createDisputeInquiry"}, .brand = "visa", .funding = "credit",
       .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kInquiry},
      {.number = "4000000000005423", .names = {"createIssuerFraudRecord"}, .brand = "visa", .funding = "credit",
       .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kEarlyFraudWarning},
      {.number = "4000000404000079", .names = {"createMultipleDisputes"}, .brand = "visa", .funding = "credit",
       .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kMultiple},
      {.number = "4000000000000077", .names = {"bypassPending"}, .brand = "visa", .funding = "credit", .country = "US",
       .behavior = B::kSucceeds, .bypass_pending = true},
      {.number = "4000003720000278", .names = {"bypassPendingInternational"}, .brand = "visa", .funding = "credit",
       .country = "IE", .behavior = B::kSucceeds, .bypass_pending = true},
  };
}
// clang-format on

std::string cvc_for(const std::string& brand) {
  return brand == "amex" ? "1234" : "123";
}

void expect_card_matches(const CardProfile& p, const CardCase& c) {
  EXPECT_EQ(p.brand, c.brand);
  EXPECT_EQ(p.funding, c.funding);
  EXPECT_EQ(p.country, c.country);
  EXPECT_EQ(p.last4, c.number.substr(c.number.size() - 4));
  EXPECT_EQ(p.behavior, c.behavior);
  EXPECT_EQ(p.decline.code, c.code);
  EXPECT_EQ(p.decline.decline_code, c.decline_code);
  EXPECT_EQ(p.decline.message, c.message);
  EXPECT_EQ(p.refunds, c.refunds);
  EXPECT_EQ(p.disputes, c.disputes);
  EXPECT_EQ(p.bypass_pending, c.bypass_pending);
  EXPECT_EQ(p.risk_level, c.risk_level);
  EXPECT_EQ(p.cvc_check, c.cvc_check);
  EXPECT_EQ(p.address_line1_check, c.line1_check);
  EXPECT_EQ(p.address_postal_code_check, c.postal_check);
  EXPECT_EQ(p.three_d_secure_supported, c.brand != "amex");
  const bool capture_features =
      c.brand == "visa" || c.brand == "mastercard" || c.brand == "amex" || c.brand == "discover";
  EXPECT_EQ(p.multicapture, capture_features);
  EXPECT_EQ(p.overcapture, capture_features);
  EXPECT_EQ(p.incremental_authorization, capture_features);
}

class CardTestNumber : public testing::TestWithParam<CardCase> {};

TEST_P(CardTestNumber, DetailsGiveTheDocumentedBehaviour) {
  const CardCase& c = GetParam();
  auto p = card_from_details(c.number, 12, 2030, cvc_for(c.brand), kNow);
  ASSERT_TRUE(p.ok()) << p.error().message;
  expect_card_matches(*p, c);
  EXPECT_EQ(p->exp_month, 12);
  EXPECT_EQ(p->exp_year, 2030);
  EXPECT_EQ(p->fingerprint.size(), 16u);
}

TEST_P(CardTestNumber, EveryTokenSpellingIsTheSameCard) {
  const CardCase& c = GetParam();
  auto by_number = card_from_details(c.number, 12, 2030, cvc_for(c.brand), kNow);
  ASSERT_TRUE(by_number.ok());
  for (const std::string& name : c.names) {
    for (const std::string& token : {"pm_card_" + name, "tok_" + name}) {
      SCOPED_TRACE(token);
      auto p = card_from_token(token, kNow);
      ASSERT_TRUE(p.has_value());
      expect_card_matches(*p, c);
      EXPECT_EQ(p->fingerprint, by_number->fingerprint);
      // Test tokens expire this month next year.
      EXPECT_EQ(p->exp_month, kThisMonth);
      EXPECT_EQ(p->exp_year, kThisYear + 1);
    }
  }
}

TEST_P(CardTestNumber, OnlyDecliningCardsCannotBeAttached) {
  const CardCase& c = GetParam();
  auto p = card_from_details(c.number, 12, 2030, cvc_for(c.brand), kNow);
  ASSERT_TRUE(p.ok());
  Status s = check_attachable(*p);
  if (c.behavior == CardBehavior::kDeclines) {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().status, 402);
    EXPECT_EQ(s.error().type, ErrorType::kCardError);
    EXPECT_EQ(s.error().code, c.code);
    EXPECT_EQ(s.error().decline_code, c.decline_code);
    EXPECT_EQ(s.error().message, c.message);
  } else {
    EXPECT_TRUE(s.ok());
  }
}

INSTANTIATE_TEST_SUITE_P(CardSection7, CardTestNumber, testing::ValuesIn(card_cases()),
                         [](const testing::TestParamInfo<CardCase>& info) {
                           return "n" + info.param.number;
                         });

TEST(ProcessorTokens, EveryKnownTokenIsCoveredByTheseTests) {
  std::set<std::string> expected;
  for (const CardCase& c : card_cases()) {
    for (const std::string& n : c.names) {
      expected.insert("pm_card_" + n);
      expected.insert("tok_" + n);
    }
  }
  // The bank tokens are checked row by row in the Sepa* and Ach* suites below.
  for (const std::string& t : known_test_tokens()) {
    if (t.starts_with("pm_card_") || t.starts_with("tok_")) {
      EXPECT_TRUE(expected.contains(t)) << t << " has no test case";
    }
  }
  std::vector<std::string> known = known_test_tokens();
  for (const std::string& t : expected)
    EXPECT_NE(std::find(known.begin(), known.end(), t), known.end()) << t;
  // No token names two instruments.
  std::set<std::string> unique(known.begin(), known.end());
  EXPECT_EQ(unique.size(), known.size());
}

TEST(ProcessorTokens, UnknownTokensAreNotCards) {
  for (const char* t : {"pm_card_", "tok_", "pm_card_nope", "tok_nope", "pm_card_Visa", "pm_visa",
                        "visa", "", "pm_1Abc", "pm_success_de", "tok_"}) {
    EXPECT_FALSE(card_from_token(t, kNow).has_value()) << t;
  }
}

TEST(ProcessorTokens, TokenExpiryFollowsTheClock) {
  // 2026-12-31T23:59:59Z → 12/2027; one second later → 01/2028.
  auto dec = card_from_token("pm_card_visa", 1798761599);
  ASSERT_TRUE(dec.has_value());
  EXPECT_EQ(dec->exp_month, 12);
  EXPECT_EQ(dec->exp_year, 2027);
  auto jan = card_from_token("tok_visa", 1798761600);
  ASSERT_TRUE(jan.has_value());
  EXPECT_EQ(jan->exp_month, 1);
  EXPECT_EQ(jan->exp_year, 2028);
}

// --- Brands, lengths, Luhn -----------------------------------------------------------------

// Appends the Luhn check digit to `body`.
std::string with_check_digit(const std::string& body) {
  for (char d = '0'; d <= '9'; ++d)
    if (luhn_valid(body + d)) return body + d;
  return body;
}

struct BrandCase {
  std::string prefix;
  size_t length;
  std::string brand;
};

class CardBrand : public testing::TestWithParam<BrandCase> {};

TEST_P(CardBrand, ArbitraryLuhnValidNumbersSucceedAsTheirBrand) {
  const BrandCase& c = GetParam();
  std::string body = c.prefix;
  while (body.size() < c.length - 1) body += '7';
  const std::string number = with_check_digit(body);
  ASSERT_TRUE(luhn_valid(number));
  EXPECT_EQ(card_brand(number), c.brand);
  auto p = card_from_details(number, 1, 2031, c.brand == "amex" ? "1234" : "123", kNow);
  ASSERT_TRUE(p.ok()) << number << ": " << p.error().message;
  EXPECT_EQ(p->brand, c.brand);
  EXPECT_EQ(p->behavior, CardBehavior::kSucceeds);
  EXPECT_EQ(p->country, "US");
  EXPECT_EQ(p->last4, number.substr(number.size() - 4));
  EXPECT_EQ(p->three_d_secure_supported, c.brand != "amex");
}

INSTANTIATE_TEST_SUITE_P(
    CardPrefixes, CardBrand,
    testing::Values(BrandCase{"4", 16, "visa"}, BrandCase{"4", 13, "visa"},
                    BrandCase{"4", 19, "visa"}, BrandCase{"51", 16, "mastercard"},
                    BrandCase{"55", 16, "mastercard"}, BrandCase{"2221", 16, "mastercard"},
                    BrandCase{"2720", 16, "mastercard"}, BrandCase{"34", 15, "amex"},
                    BrandCase{"37", 15, "amex"}, BrandCase{"6011", 16, "discover"},
                    BrandCase{"65", 16, "discover"}, BrandCase{"644", 16, "discover"},
                    BrandCase{"649", 19, "discover"}, BrandCase{"36", 14, "diners"},
                    BrandCase{"38", 16, "diners"}, BrandCase{"300", 14, "diners"},
                    BrandCase{"305", 14, "diners"}, BrandCase{"3528", 16, "jcb"},
                    BrandCase{"3589", 19, "jcb"}, BrandCase{"62", 16, "unionpay"},
                    BrandCase{"62", 19, "unionpay"}, BrandCase{"9", 16, "unknown"},
                    BrandCase{"1", 12, "unknown"}),
    [](const testing::TestParamInfo<BrandCase>& info) {
      return info.param.brand + "_" + info.param.prefix + "_" + std::to_string(info.param.length);
    });

TEST(CardBrand, PrefixBoundaries) {
  EXPECT_EQ(card_brand("2220999999999999"), "unknown");
  EXPECT_EQ(card_brand("2721000000000000"), "unknown");
  EXPECT_EQ(card_brand("5000000000000000"), "unknown");
  EXPECT_EQ(card_brand("5600000000000000"), "unknown");
  EXPECT_EQ(card_brand("6010000000000000"), "unknown");
  EXPECT_EQ(card_brand("6430000000000000"), "unknown");
  EXPECT_EQ(card_brand("3060000000000000"), "unknown");
  EXPECT_EQ(card_brand("3527000000000000"), "unknown");
  EXPECT_EQ(card_brand("3590000000000000"), "unknown");
  EXPECT_EQ(card_brand(""), "unknown");
}

TEST(CardLuhn, ChecksTheCheckDigit) {
  EXPECT_TRUE(luhn_valid("4242424242424242"));
  EXPECT_TRUE(luhn_valid("378282246310005"));
  EXPECT_FALSE(luhn_valid("4242424242424241"));
  EXPECT_FALSE(luhn_valid(""));
  EXPECT_FALSE(luhn_valid("4242a42424242424"));
  EXPECT_TRUE(luhn_valid("0"));
}

// --- Invalid details --------------------------------------------------------------------------

struct DetailsErrorCase {
  std::string name;
  std::string number;
  int64_t exp_month;
  int64_t exp_year;
  std::string cvc;
  std::string code;
  std::string param;
  std::string message;
};

class CardDetailsError : public testing::TestWithParam<DetailsErrorCase> {};

TEST_P(CardDetailsError, IsACardErrorNamingTheField) {
  const DetailsErrorCase& c = GetParam();
  auto r = card_from_details(c.number, c.exp_month, c.exp_year, c.cvc, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 402);
  EXPECT_EQ(r.error().type, ErrorType::kCardError);
  EXPECT_EQ(r.error().code, c.code);
  EXPECT_EQ(r.error().param, c.param);
  EXPECT_EQ(r.error().message, c.message);
  EXPECT_TRUE(r.error().decline_code.empty());
}

const std::string kIncorrectNumber = "Your card number is incorrect.";
const std::string kBadMonth = "Your card's expiration month is invalid.";
const std::string kBadYear = "Your card's expiration year is invalid.";
const std::string kBadCvc = "Your card's security code is invalid.";

INSTANTIATE_TEST_SUITE_P(
    CardInvalid, CardDetailsError,
    testing::Values(DetailsErrorCase{"LuhnFails", "4242424242424241", 12, 2030, "123",
                                     "incorrect_number", "card[number]", kIncorrectNumber},
                    DetailsErrorCase{"Letters", "4242abcd42424242", 12, 2030, "123",
                                     "incorrect_number", "card[number]", kIncorrectNumber},
                    DetailsErrorCase{"Empty", "", 12, 2030, "123", "incorrect_number",
                                     "card[number]", kIncorrectNumber},
                    DetailsErrorCase{"VisaTooShort", with_check_digit("42424242424"), 12, 2030,
                                     "123", "incorrect_number", "card[number]", kIncorrectNumber},
                    DetailsErrorCase{"AmexTooLong", with_check_digit("378282246310005"), 12, 2030,
                                     "1234", "incorrect_number", "card[number]", kIncorrectNumber},
                    DetailsErrorCase{"Month0", "4242424242424242", 0, 2030, "123",
                                     "invalid_expiry_month", "card[exp_month]", kBadMonth},
                    DetailsErrorCase{"Month13", "4242424242424242", 13, 2030, "123",
                                     "invalid_expiry_month", "card[exp_month]", kBadMonth},
                    DetailsErrorCase{"PastMonthThisYear", "4242424242424242", kThisMonth - 1,
                                     kThisYear, "123", "invalid_expiry_month", "card[exp_month]",
                                     kBadMonth},
                    DetailsErrorCase{"PastYear", "4242424242424242", 12, kThisYear - 1, "123",
                                     "invalid_expiry_year", "card[exp_year]", kBadYear},
                    DetailsErrorCase{"PastTwoDigitYear", "4242424242424242", 12, 25, "123",
                                     "invalid_expiry_year", "card[exp_year]", kBadYear},
                    DetailsErrorCase{"Year95", "4242424242424242", 12, 95, "123",
                                     "invalid_expiry_year", "card[exp_year]", kBadYear},
                    DetailsErrorCase{"FarFuture", "4242424242424242", 12, kThisYear + 51, "123",
                                     "invalid_expiry_year", "card[exp_year]", kBadYear},
                    DetailsErrorCase{"TwoDigitCvc", "4242424242424242", 12, 2030, "12",
                                     "invalid_cvc", "card[cvc]", kBadCvc},
                    DetailsErrorCase{"FourDigitVisaCvc", "4242424242424242", 12, 2030, "1234",
                                     "invalid_cvc", "card[cvc]", kBadCvc},
                    DetailsErrorCase{"ThreeDigitAmexCvc", "378282246310005", 12, 2030, "123",
                                     "invalid_cvc", "card[cvc]", kBadCvc},
                    DetailsErrorCase{"LetterCvc", "4242424242424242", 12, 2030, "12a",
                                     "invalid_cvc", "card[cvc]", kBadCvc}),
    [](const testing::TestParamInfo<DetailsErrorCase>& info) { return info.param.name; });

TEST(CardDetails, TwoDigitYearsAreThisCentury) {
  auto p = card_from_details("4242424242424242", 4, 34, "123", kNow);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->exp_year, 2034);
  EXPECT_EQ(p->exp_month, 4);
}

TEST(CardDetails, ThisMonthIsNotExpired) {
  EXPECT_TRUE(card_from_details("4242424242424242", kThisMonth, kThisYear, "123", kNow).ok());
  EXPECT_TRUE(card_from_details("4242424242424242", 12, kThisYear + 50, "123", kNow).ok());
}

TEST(CardDetails, SpacesAndDashesAreIgnored) {
  auto spaced = card_from_details("4242 4242 4242 4242", 12, 2030, "123", kNow);
  auto dashed = card_from_details("4242-4242-4242-4242", 12, 2030, "123", kNow);
  auto plain = card_from_details("4242424242424242", 12, 2030, "123", kNow);
  ASSERT_TRUE(spaced.ok());
  ASSERT_TRUE(dashed.ok());
  EXPECT_EQ(spaced->fingerprint, plain->fingerprint);
  EXPECT_EQ(dashed->fingerprint, plain->fingerprint);
  EXPECT_EQ(spaced->last4, "4242");
}

TEST(CardDetails, CvcIsOptional) {
  auto p = card_from_details("4242424242424242", 12, 2030, "", kNow);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->behavior, CardBehavior::kSucceeds);
}

TEST(CardDetails, IncorrectCvcCardDeclinesOnlyWhenACvcIsSent) {
  auto with_cvc = card_from_details("4000000000000127", 12, 2030, "123", kNow);
  ASSERT_TRUE(with_cvc.ok());
  EXPECT_EQ(with_cvc->behavior, CardBehavior::kDeclines);
  EXPECT_EQ(with_cvc->decline.param, "cvc");
  auto without = card_from_details("4000000000000127", 12, 2030, "", kNow);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->behavior, CardBehavior::kSucceeds);
  EXPECT_TRUE(without->decline.code.empty());
  EXPECT_TRUE(check_attachable(*without).ok());
}

TEST(CardDetails, ExpiredCardDeclineNamesExpMonth) {
  auto p = card_from_token("pm_card_chargeDeclinedExpiredCard", kNow);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->decline.param, "exp_month");
  EXPECT_EQ(card_error(p->decline).param, "exp_month");
}

// --- Fingerprints -----------------------------------------------------------------------------

TEST(CardFingerprint, IsStableAndDistinct) {
  std::set<std::string> seen;
  for (const CardCase& c : card_cases()) {
    auto a = card_from_details(c.number, 12, 2030, cvc_for(c.brand), kNow);
    auto b = card_from_details(c.number, 1, 2031, "", kNow + 86400 * 400);
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(a->fingerprint, b->fingerprint) << c.number;  // expiry and cvc do not matter
    ASSERT_EQ(a->fingerprint.size(), 16u);
    for (char ch : a->fingerprint) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)));
    seen.insert(a->fingerprint);
  }
  EXPECT_EQ(seen.size(), card_cases().size());
}

// --- decide() ---------------------------------------------------------------------------------

struct DecideCase {
  std::string name;
  std::string token;
  Attempt attempt;
  Verdict verdict;
  std::string code = "";
  std::string decline_code = "";
};

Attempt on_session() {
  return {};
}
Attempt on_session_authenticated() {
  return {.authenticated = true};
}
Attempt on_session_set_up() {
  return {.set_up_for_off_session = true};
}
Attempt off_session() {
  return {.off_session = true};
}
Attempt off_session_set_up() {
  return {.off_session = true, .set_up_for_off_session = true};
}
Attempt setup() {
  return {.is_setup = true};
}
Attempt setup_authenticated() {
  return {.authenticated = true, .is_setup = true};
}

class ProcessorDecide : public testing::TestWithParam<DecideCase> {};

TEST_P(ProcessorDecide, GivesTheVerdict) {
  const DecideCase& c = GetParam();
  auto card = card_from_token(c.token, kNow);
  ASSERT_TRUE(card.has_value()) << c.token;
  CardDecision d = decide(*card, c.attempt);
  EXPECT_EQ(d.verdict, c.verdict);
  EXPECT_EQ(d.decline.code, c.code);
  EXPECT_EQ(d.decline.decline_code, c.decline_code);
  if (c.code == "authentication_required") {
    EXPECT_EQ(d.decline.message,
              "Your card was declined. This transaction requires authentication.");
  }
}

constexpr Verdict kOk = Verdict::kSucceed;
constexpr Verdict kAction = Verdict::kRequiresAction;
constexpr Verdict kNo = Verdict::kDecline;

INSTANTIATE_TEST_SUITE_P(
    ProcessorCards, ProcessorDecide,
    testing::Values(
        DecideCase{"VisaOn", "pm_card_visa", on_session(), kOk},
        DecideCase{"VisaOff", "pm_card_visa", off_session(), kOk},
        DecideCase{"VisaSetup", "pm_card_visa", setup(), kOk},
        DecideCase{"DeclinedOn", "pm_card_visa_chargeDeclined", on_session(), kNo, "card_declined",
                   "generic_decline"},
        DecideCase{"DeclinedOff", "pm_card_chargeDeclined", off_session_set_up(), kNo,
                   "card_declined", "generic_decline"},
        DecideCase{"DeclinedSetup", "pm_card_visa_chargeDeclinedInsufficientFunds", setup(), kNo,
                   "card_declined", "insufficient_funds"},
        DecideCase{"RadarBlock", "pm_card_radarBlock", on_session(), kNo, "card_declined",
                   "fraudulent"},
        DecideCase{"CustomerFailSetup", "pm_card_chargeCustomerFail", setup(), kOk},
        DecideCase{"CustomerFailOn", "pm_card_chargeCustomerFail", on_session(), kNo,
                   "card_declined", "generic_decline"},
        DecideCase{"CustomerFailOff", "pm_card_chargeCustomerFail", off_session_set_up(), kNo,
                   "card_declined", "generic_decline"},
        // 4000002760003184 and 3220: every transaction authenticates; never off-session.
        DecideCase{"Always3184On", "pm_card_authenticationRequired", on_session(), kAction},
        DecideCase{"Always3184OnSetUp", "pm_card_authenticationRequired", on_session_set_up(),
                   kAction},
        DecideCase{"Always3184Authenticated", "pm_card_authenticationRequired",
                   on_session_authenticated(), kOk},
        DecideCase{"Always3184Off", "pm_card_authenticationRequired", off_session(), kNo,
                   "authentication_required", "authentication_required"},
        DecideCase{"Always3184OffSetUp", "pm_card_authenticationRequired", off_session_set_up(),
                   kNo, "authentication_required", "authentication_required"},
        DecideCase{"Always3184Setup", "pm_card_authenticationRequired", setup(), kAction},
        DecideCase{"Always3184SetupAuthenticated", "pm_card_authenticationRequired",
                   setup_authenticated(), kOk},
        DecideCase{"Always3220On", "pm_card_threeDSecure2Required", on_session(), kAction},
        DecideCase{"Always3220Authenticated", "pm_card_threeDSecure2Required",
                   on_session_authenticated(), kOk},
        DecideCase{"Always3220OffSetUp", "pm_card_threeDSecure2Required", off_session_set_up(), kNo,
                   "authentication_required", "authentication_required"},
        // 4000002500003155: on-session always; off-session only until set up.
        DecideCase{"Setup3155On", "pm_card_authenticationRequiredOnSetup", on_session(), kAction},
        DecideCase{"Setup3155OnSetUp", "pm_card_authenticationRequiredOnSetup", on_session_set_up(),
                   kAction},
        DecideCase{"Setup3155Authenticated", "pm_card_authenticationRequiredOnSetup",
                   on_session_authenticated(), kOk},
        DecideCase{"Setup3155Off", "pm_card_authenticationRequiredOnSetup", off_session(), kNo,
                   "authentication_required", "authentication_required"},
        DecideCase{"Setup3155OffSetUp", "pm_card_authenticationRequiredOnSetup",
                   off_session_set_up(), kOk},
        DecideCase{"Setup3155Setup", "pm_card_authenticationRequiredOnSetup", setup(), kAction},
        DecideCase{"Setup3155SetupAuthenticated", "pm_card_authenticationRequiredOnSetup",
                   setup_authenticated(), kOk},
        // 4000003800000446: already set up; only on-session asks.
        DecideCase{"OnSession0446On", "pm_card_authenticationRequiredSetupForOffSession",
                   on_session(), kAction},
        DecideCase{"OnSession0446Authenticated", "pm_card_authenticationRequiredSetupForOffSession",
                   on_session_authenticated(), kOk},
        DecideCase{"OnSession0446Off", "pm_card_authenticationRequiredSetupForOffSession",
                   off_session(), kOk},
        DecideCase{"OnSession0446Setup", "pm_card_authenticationRequiredSetupForOffSession",
                   setup(), kAction},
        DecideCase{"OnSession0446SetupAuthenticated",
                   "pm_card_authenticationRequiredSetupForOffSession", setup_authenticated(), kOk},
        // 4000008260003178: authenticates, then insufficient funds, even when set up.
        DecideCase{"Then3178On", "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
                   on_session(), kAction},
        DecideCase{"Then3178Authenticated",
                   "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
                   on_session_authenticated(), kNo, "card_declined", "insufficient_funds"},
        DecideCase{"Then3178Off", "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
                   off_session(), kNo, "authentication_required", "authentication_required"},
        DecideCase{"Then3178OffSetUp",
                   "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
                   off_session_set_up(), kNo, "card_declined", "insufficient_funds"},
        DecideCase{"Then3178Setup", "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
                   setup(), kAction},
        DecideCase{"Then3178SetupAuthenticated",
                   "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
                   setup_authenticated(), kOk},
        // 4000008400001629 / 1280: authenticates, then card_declined.
        DecideCase{"Then1629On", "pm_card_threeDSecureRequiredChargeDeclined", on_session(),
                   kAction},
        DecideCase{"Then1629Authenticated", "pm_card_threeDSecureRequiredChargeDeclined",
                   on_session_authenticated(), kNo, "card_declined", "generic_decline"},
        DecideCase{"Then1280On", "pm_card_threeDSecureRequiredProcessingError", on_session(),
                   kAction},
        DecideCase{"Then1280Authenticated", "pm_card_threeDSecureRequiredProcessingError",
                   on_session_authenticated(), kNo, "card_declined", "generic_decline"},
        // Optional 3DS is not requested by default.
        DecideCase{"Optional3055", "pm_card_threeDSecureOptional", on_session(), kOk},
        DecideCase{"Optional3097", "pm_card_threeDSecureOptionalProcessingError", on_session(),
                   kOk},
        // Amex has no 3-D Secure: it never asks.
        DecideCase{"AmexOn", "pm_card_amex_threeDSecureNotSupported", on_session(), kOk},
        DecideCase{"AmexOff", "pm_card_amex", off_session(), kOk}),
    [](const testing::TestParamInfo<DecideCase>& info) { return info.param.name; });

TEST(ProcessorDecide, CardsWithout3dsNeverRequireAction) {
  CardProfile amex = *card_from_token("pm_card_amex", kNow);
  ASSERT_FALSE(amex.three_d_secure_supported);
  for (CardBehavior b :
       {CardBehavior::kAuthenticationRequired, CardBehavior::kAuthenticationUnlessSetUp,
        CardBehavior::kAuthenticationOnSessionOnly}) {
    amex.behavior = b;
    for (const Attempt& a : {on_session(), off_session(), setup()}) {
      EXPECT_EQ(decide(amex, a).verdict, Verdict::kSucceed) << static_cast<int>(b);
    }
  }
  amex.behavior = CardBehavior::kAuthenticationThenDeclines;
  amex.decline = {"card_declined", "insufficient_funds", "Your card has insufficient funds.", ""};
  EXPECT_EQ(decide(amex, on_session()).verdict, Verdict::kDecline);
  EXPECT_EQ(decide(amex, off_session()).decline.decline_code, "insufficient_funds");
  EXPECT_EQ(decide(amex, setup()).verdict, Verdict::kSucceed);
}

TEST(ProcessorDecide, SetupsIgnoreOffSession) {
  auto card = *card_from_token("pm_card_authenticationRequired", kNow);
  EXPECT_EQ(decide(card, Attempt{.off_session = true, .is_setup = true}).verdict,
            Verdict::kRequiresAction);
}

TEST(ProcessorCardError, IsA402CardError) {
  ApiError e = card_error({"card_declined", "lost_card", "Your card was declined.", ""});
  EXPECT_EQ(e.status, 402);
  EXPECT_EQ(e.type, ErrorType::kCardError);
  EXPECT_EQ(e.code, "card_declined");
  EXPECT_EQ(e.decline_code, "lost_card");
  EXPECT_EQ(e.message, "Your card was declined.");
  EXPECT_TRUE(e.param.empty());
}

// --- SEPA Direct Debit ------------------------------------------------------------------------

struct SepaCase {
  std::string iban;
  std::string token;
  std::string country;
  std::string bank_code;
  std::string branch_code;
  DebitOutcome outcome;
  std::string failure_code = "";
  int64_t extra_delay_ms = 0;
};

std::vector<SepaCase> sepa_cases() {
  using O = DebitOutcome;
  const std::string generic = "generic_could_not_process";
  return {
      {"DE89370400440532013000", "pm_success_de", "DE", "37040044", "", O::kSucceeds},
      {"DE08370400440532013003", "pm_successDelayed_de", "DE", "37040044", "", O::kSucceeds, "",
       180000},
      {"DE62370400440532013001", "pm_failed_de", "DE", "37040044", "", O::kFails, generic},
      {"DE78370400440532013004", "pm_failedDelayed_de", "DE", "37040044", "", O::kFails, generic,
       180000},
      {"DE35370400440532013002", "pm_disputed_de", "DE", "37040044", "", O::kDisputed},
      {"DE65370400440000343434", "pm_exceedsWeeklyVolumeLimit_de", "DE", "37040044", "", O::kFails,
       "charge_exceeds_source_limit"},
      {"DE27370400440000121212", "pm_exceedsWeeklyTransactionLimit_de", "DE", "37040044", "",
       O::kFails, "charge_exceeds_weekly_limit"},
      {"DE65370400440002222227", "pm_insufficientFunds_de", "DE", "37040044", "", O::kFails,
       "insufficient_funds"},
      {"AT611904300234573201", "pm_success_at", "AT", "19043", "", O::kSucceeds},
      {"AT321904300235473204", "pm_successDelayed_at", "AT", "19043", "", O::kSucceeds, "", 180000},
      {"AT861904300235473202", "pm_failed_at", "AT", "19043", "", O::kFails, generic},
      {"AT051904300235473205", "pm_failedDelayed_at", "AT", "19043", "", O::kFails, generic,
       180000},
      {"AT591904300235473203", "pm_disputed_at", "AT", "19043", "", O::kDisputed},
      {"FR1420041010050500013M02606", "pm_success_fr", "FR", "20041", "01005", O::kSucceeds},
      {"FR8420041010050500013M02607", "pm_failed_fr", "FR", "20041", "01005", O::kFails, generic},
      {"NL39RABO0300065264", "pm_success_nl", "NL", "RABO", "", O::kSucceeds},
      {"NL91ABNA0417164300", "pm_failed_nl", "NL", "ABNA", "", O::kFails, generic},
      {"BE62510007547061", "pm_success_be", "BE", "510", "", O::kSucceeds},
      {"BE68539007547034", "pm_failed_be", "BE", "539", "", O::kFails, generic},
      {"IE29AIBK93115212345678", "pm_success_ie", "IE", "AIBK", "931152", O::kSucceeds},
      {"IE02AIBK93115212345679", "pm_failed_ie", "IE", "AIBK", "931152", O::kFails, generic},
  };
}

void expect_sepa_matches(const BankProfile& p, const SepaCase& c) {
  EXPECT_EQ(p.type, "sepa_debit");
  EXPECT_EQ(p.country, c.country);
  EXPECT_EQ(p.bank_code, c.bank_code);
  EXPECT_EQ(p.branch_code, c.branch_code);
  EXPECT_EQ(p.last4, c.iban.substr(c.iban.size() - 4));
  EXPECT_EQ(p.outcome, c.outcome);
  EXPECT_EQ(p.failure.code, c.failure_code);
  EXPECT_EQ(p.failure.message.empty(), c.failure_code.empty());
  EXPECT_TRUE(p.failure.decline_code.empty());
  EXPECT_EQ(p.extra_delay_ms, c.extra_delay_ms);
  EXPECT_TRUE(p.routing_number.empty());
  EXPECT_EQ(p.fingerprint.size(), 16u);
}

class SepaTestIban : public testing::TestWithParam<SepaCase> {};

TEST_P(SepaTestIban, IbanAndTokenGiveTheDocumentedOutcome) {
  const SepaCase& c = GetParam();
  auto by_iban = sepa_from_iban(c.iban);
  ASSERT_TRUE(by_iban.ok()) << by_iban.error().message;
  expect_sepa_matches(*by_iban, c);
  auto by_token = sepa_from_token(c.token);
  ASSERT_TRUE(by_token.has_value());
  expect_sepa_matches(*by_token, c);
  EXPECT_EQ(by_token->fingerprint, by_iban->fingerprint);
}

TEST_P(SepaTestIban, DebitFailureErrorFollowsTheFailure) {
  const SepaCase& c = GetParam();
  if (c.failure_code.empty()) return;
  ApiError e = debit_failure_error(*sepa_from_token(c.token));
  EXPECT_EQ(e.type, ErrorType::kInvalidRequestError);
  EXPECT_EQ(e.code, "payment_intent_payment_attempt_failed");
  EXPECT_EQ(e.message, "The payment failed.");
  EXPECT_EQ(e.decline_code, c.failure_code == "generic_could_not_process" ? "" : c.failure_code);
}

INSTANTIATE_TEST_SUITE_P(SepaSection7_6, SepaTestIban, testing::ValuesIn(sepa_cases()),
                         [](const testing::TestParamInfo<SepaCase>& info) {
                           return info.param.token;
                         });

TEST(SepaTokens, EveryKnownSepaTokenHasACase) {
  std::set<std::string> expected;
  for (const SepaCase& c : sepa_cases()) expected.insert(c.token);
  size_t seen = 0;
  for (const std::string& t : known_test_tokens()) {
    if (sepa_from_token(t).has_value()) {
      EXPECT_TRUE(expected.contains(t)) << t;
      ++seen;
    }
  }
  EXPECT_EQ(seen, expected.size());
  EXPECT_FALSE(sepa_from_token("pm_success_xx").has_value());
  EXPECT_FALSE(sepa_from_token("pm_card_visa").has_value());
}

// A valid IBAN for `country` and `bban`: check digits = 98 − (bban·country·00 mod 97).
std::string make_iban(const std::string& country, const std::string& bban) {
  const std::string s = bban + country + "00";
  int r = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      r = (r * 10 + (c - '0')) % 97;
    else
      r = (r * 100 + (c - 'A' + 10)) % 97;
  }
  const int check = 98 - r;
  return country + (check < 10 ? "0" : "") + std::to_string(check) + bban;
}

TEST(SepaIban, OtherValidIbansSucceed) {
  struct Case {
    std::string country, bban, bank, branch;
  } cases[] = {
      {"DE", "500105175407324931", "50010517", ""},
      {"ES", "21000418450200051332", "2100", "0418"},
      {"IT", "X0542811101000000123456", "05428", "11101"},
      {"PT", "000201231234567890154", "0002", "0123"},
      {"FI", "12345600000785", "123", ""},
      {"LU", "0019400644750000", "001", ""},
  };
  for (const Case& c : cases) {
    const std::string iban = make_iban(c.country, c.bban);
    auto p = sepa_from_iban(iban);
    ASSERT_TRUE(p.ok()) << iban << ": " << p.error().message;
    EXPECT_EQ(p->country, c.country);
    EXPECT_EQ(p->bank_code, c.bank) << iban;
    EXPECT_EQ(p->branch_code, c.branch) << iban;
    EXPECT_EQ(p->outcome, DebitOutcome::kSucceeds);
    EXPECT_EQ(p->extra_delay_ms, 0);
    EXPECT_TRUE(p->failure.code.empty());
  }
}

TEST(SepaIban, SpacesAndLowerCaseAreAccepted) {
  auto spaced = sepa_from_iban("de89 3704 0044 0532 0130 00");
  ASSERT_TRUE(spaced.ok()) << spaced.error().message;
  auto plain = sepa_from_iban("DE89370400440532013000");
  EXPECT_EQ(spaced->fingerprint, plain->fingerprint);
  EXPECT_EQ(spaced->last4, "3000");
}

TEST(SepaIban, FingerprintsDifferPerAccount) {
  std::set<std::string> seen;
  for (const SepaCase& c : sepa_cases()) seen.insert(sepa_from_iban(c.iban)->fingerprint);
  EXPECT_EQ(seen.size(), sepa_cases().size());
}

TEST(SepaIban, InvalidIbansAreInvalidRequests) {
  for (const char* bad : {
           "DE89370400440532013000!",     // a character that is not allowed
           "DE88370400440532013000",      // wrong check digits
           "DE8937040044053201300",       // one short
           "DE893704004405320130000",     // one long
           "US89370400440532013000",      // not a SEPA country
           "SA0380000000608010167519",    // a valid IBAN, but not SEPA
           "DEXX370400440532013000",      // check digits not digits
           "12",                          // too short
           "",                            // empty
           "DE89-3704-0044-0532-0130-00"  // dashes
       }) {
    auto r = sepa_from_iban(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(r.error().type, ErrorType::kInvalidRequestError);
    EXPECT_EQ(r.error().param, "sepa_debit[iban]");
    EXPECT_TRUE(r.error().message.starts_with("Invalid IBAN")) << r.error().message;
  }
}

// --- US bank accounts (ACH) -------------------------------------------------------------------

struct AchCase {
  std::string account;
  std::string token;
  DebitOutcome outcome;
  std::string failure_code = "";
  bool microdeposits_fail = false;
  bool blocked_by_radar = false;
};

std::vector<AchCase> ach_cases() {
  using O = DebitOutcome;
  return {
      {"000123456789", "pm_usBankAccount_success", O::kSucceeds},
      {"000111111113", "pm_usBankAccount_accountClosed", O::kFails, "account_closed"},
      {"000111111116", "pm_usBankAccount_noAccount", O::kFails, "no_account"},
      {"000222222227", "pm_usBankAccount_insufficientFunds", O::kFails, "insufficient_funds"},
      {"000333333335", "pm_usBankAccount_debitNotAuthorized", O::kFails, "debit_not_authorized"},
      {"000444444440", "pm_usBankAccount_invalidCurrency", O::kFails, "invalid_currency"},
      {"000666666661", "pm_usBankAccount_failMicrodeposits", O::kSucceeds, "", true},
      {"000555555559", "pm_usBankAccount_dispute", O::kDisputed},
      {"000000000009", "pm_usBankAccount_processing", O::kStaysProcessing},
      {"000777777771", "pm_usBankAccount_weeklyLimitExceeded", O::kFails,
       "charge_exceeds_weekly_limit"},
      {"000000004954", "pm_usBankAccount_riskLevelHighest", O::kFails,
       "payment_method_provider_decline", false, true},
  };
}

void expect_ach_matches(const BankProfile& p, const AchCase& c) {
  EXPECT_EQ(p.type, "us_bank_account");
  EXPECT_EQ(p.country, "US");
  EXPECT_EQ(p.routing_number, "110000000");
  EXPECT_EQ(p.bank_name, "STRIPE TEST BANK");
  EXPECT_EQ(p.last4, c.account.substr(c.account.size() - 4));
  EXPECT_EQ(p.outcome, c.outcome);
  EXPECT_EQ(p.failure.code, c.failure_code);
  EXPECT_EQ(p.failure.message.empty(), c.failure_code.empty());
  EXPECT_EQ(p.microdeposits_fail, c.microdeposits_fail);
  EXPECT_EQ(p.blocked_by_radar, c.blocked_by_radar);
  EXPECT_EQ(p.extra_delay_ms, 0);
  EXPECT_EQ(p.fingerprint.size(), 16u);
}

class AchTestAccount : public testing::TestWithParam<AchCase> {};

TEST_P(AchTestAccount, NumbersAndTokenGiveTheDocumentedOutcome) {
  const AchCase& c = GetParam();
  auto by_numbers = us_bank_from_details("110000000", c.account);
  ASSERT_TRUE(by_numbers.ok()) << by_numbers.error().message;
  expect_ach_matches(*by_numbers, c);
  auto by_token = us_bank_from_token(c.token);
  ASSERT_TRUE(by_token.has_value());
  expect_ach_matches(*by_token, c);
  EXPECT_EQ(by_token->fingerprint, by_numbers->fingerprint);
}

TEST_P(AchTestAccount, TheSameAccountAtAnotherBankJustSucceeds) {
  const AchCase& c = GetParam();
  auto p = us_bank_from_details("021000021", c.account);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->outcome, DebitOutcome::kSucceeds);
  EXPECT_TRUE(p->failure.code.empty());
  EXPECT_EQ(p->routing_number, "021000021");
  EXPECT_NE(p->fingerprint, us_bank_from_details("110000000", c.account)->fingerprint);
}

INSTANTIATE_TEST_SUITE_P(AchSection7_7, AchTestAccount, testing::ValuesIn(ach_cases()),
                         [](const testing::TestParamInfo<AchCase>& info) {
                           return info.param.token;
                         });

TEST(AchTokens, EveryKnownAchTokenHasACase) {
  std::set<std::string> expected;
  for (const AchCase& c : ach_cases()) expected.insert(c.token);
  size_t seen = 0;
  for (const std::string& t : known_test_tokens()) {
    if (us_bank_from_token(t).has_value()) {
      EXPECT_TRUE(expected.contains(t)) << t;
      ++seen;
    }
  }
  EXPECT_EQ(seen, expected.size());
  EXPECT_FALSE(us_bank_from_token("pm_usBankAccount_nope").has_value());
}

TEST(AchDetails, OtherValidAccountsSucceed) {
  auto p = us_bank_from_details("110000000", "987654321");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->outcome, DebitOutcome::kSucceeds);
  EXPECT_EQ(p->last4, "4321");
}

TEST(AchDetails, RoutingNumbersNeedTheAbaChecksum) {
  for (const char* bad : {"110000001", "11000000", "1100000000", "11000000a", ""}) {
    auto r = us_bank_from_details(bad, "000123456789");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().status, 400);
    EXPECT_EQ(r.error().param, "us_bank_account[routing_number]");
    EXPECT_EQ(r.error().code, "routing_number_invalid");
  }
  for (const char* good : {"110000000", "021000021", "011000015", "121000358"})
    EXPECT_TRUE(us_bank_from_details(good, "000123456789").ok()) << good;
}

TEST(AchDetails, AccountNumbersAreFourToSeventeenDigits) {
  for (const char* bad : {"", "123", "123456789012345678", "12345a"}) {
    auto r = us_bank_from_details("110000000", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().param, "us_bank_account[account_number]");
    EXPECT_EQ(r.error().code, "account_number_invalid");
  }
  EXPECT_TRUE(us_bank_from_details("110000000", "1234").ok());
  EXPECT_TRUE(us_bank_from_details("110000000", "12345678901234567").ok());
}

TEST(AchDetails, RadarBlockedDebitFailureNamesIt) {
  ApiError e = debit_failure_error(*us_bank_from_token("pm_usBankAccount_riskLevelHighest"));
  EXPECT_EQ(e.code, "payment_intent_payment_attempt_failed");
  EXPECT_EQ(e.decline_code, "payment_method_provider_decline");
}

}  // namespace
}  // namespace intentd::domain
