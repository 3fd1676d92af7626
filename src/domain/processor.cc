#include "domain/processor.h"

#include <array>
#include <chrono>

#include "util/crypto.h"

namespace intentd::domain {
namespace {

// ---------------------------------------------------------------------------------------------
// Declines: every code a test instrument can fail with, and Stripe's wording for it.

enum class Why {
  kNone,
  kGeneric,
  kInsufficientFunds,
  kLostCard,
  kStolenCard,
  kExpiredCard,
  kIncorrectCvc,
  kProcessingError,
  kVelocityExceeded,
  kFraudulent,
  kAuthenticationRequired,
};

struct DeclineRow {
  Why why;
  std::string_view code;
  std::string_view decline_code;
  std::string_view message;
  std::string_view param;
};

constexpr auto kDeclines = std::to_array<DeclineRow>({
    {Why::kGeneric, "card_declined", "generic_decline", "Your card was declined.", ""},
    {Why::kInsufficientFunds, "card_declined", "insufficient_funds",
     "Your card has insufficient funds.", ""},
    {Why::kLostCard, "card_declined", "lost_card", "Your card was declined.", ""},
    {Why::kStolenCard, "card_declined", "stolen_card", "Your card was declined.", ""},
    {Why::kExpiredCard, "expired_card", "expired_card", "Your card has expired.", "exp_month"},
    {Why::kIncorrectCvc, "incorrect_cvc", "incorrect_cvc",
     "Your card's security code is incorrect.", "cvc"},
    {Why::kProcessingError, "processing_error", "processing_error",
     "An error occurred while processing your card. Try again in a little bit.", ""},
    {Why::kVelocityExceeded, "card_declined", "card_velocity_exceeded",
     "Your card was declined for making repeated attempts too frequently or exceeding its "
     "amount limit.",
     ""},
    {Why::kFraudulent, "card_declined", "fraudulent", "Your card was declined.", ""},
    {Why::kAuthenticationRequired, "authentication_required", "authentication_required",
     "Your card was declined. This transaction requires authentication.", ""},
});

Decline decline_for(Why why) {
  for (const DeclineRow& row : kDeclines) {
    if (row.why == why) {
      return Decline{std::string(row.code), std::string(row.decline_code), std::string(row.message),
                     std::string(row.param)};
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Test cards (SEMANTICS §7.1-7.5). Each number is reachable by its details and, through each
// name, as pm_card_<name> and tok_<name>. The brand comes from the number's prefix.

using Refunds = CardProfile::Refunds;
using Disputes = CardProfile::Disputes;
using B = CardBehavior;

struct CardRow {
  std::string_view number;
  std::array<std::string_view, 2> names;  // "" = unused
  std::string_view funding;
  std::string_view country;
  CardBehavior behavior = CardBehavior::kSucceeds;
  Why why = Why::kNone;
  bool decline_needs_cvc = false;  // 0127 declines only when a CVC is checked
  Refunds refunds = Refunds::kSucceed;
  Disputes disputes = Disputes::kNone;
  bool bypass_pending = false;
  std::string_view risk_level = "normal";
  std::string_view cvc_check = "pass";
  std::string_view line1_check = "pass";
  std::string_view postal_check = "pass";
};

// clang-format off
constexpr auto kCards = std::to_array<CardRow>({
    // §7.1 successful cards, by brand.
    {.number = "4242424242424242", .names = {"visa"},               .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
    {.number = "4000056655665556", .names = {"visa_debit"},         .funding = "debit",   .country = "US", .behavior = B::kSucceeds},
    {.number = "5555555555554444", .names = {"mastercard"},         .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
    {.number = "2223003122003222", .names = {},                     .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
    {.number = "5200828282828210", .names = {"mastercard_debit"},   .funding = "debit",   .country = "US", .behavior = B::kSucceeds},
    {.number = "5105105105105100", .names = {"mastercard_prepaid"}, .funding = "prepaid", .country = "US", .behavior = B::kSucceeds},
    {.number = "378282246310005",  .names = {"amex", "amex_threeDSecureNotSupported"},
     .funding = "credit", .country = "US", .behavior = B::kSucceeds},
    {.number = "6011111111111117", .names = {"discover"},           .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
    {.number = "3056930009020004", .names = {"diners"},             .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
    {.number = "3566002020360505", .names = {"jcb"},                .funding = "credit",  .country = "US", .behavior = B::kSucceeds},
    {.number = "6200000000000005", .names = {"unionpay"},           .funding = "credit",  .country = "US", .behavior = B::kSucceeds},

    // §7.2 declines, in the current (visa_…) and the older spellings. They cannot be attached.
    {.number = "4000000000000002", .names = {"visa_chargeDeclined", "chargeDeclined"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kGeneric},
    {.number = "4000000000009995", .names = {"visa_chargeDeclinedInsufficientFunds", "chargeDeclinedInsufficientFunds"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kInsufficientFunds},
    {.number = "4000000000009987", .names = {"visa_chargeDeclinedLostCard", "chargeDeclinedLostCard"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kLostCard},
    {.number = "4000000000009979", .names = {"visa_chargeDeclinedStolenCard", "chargeDeclinedStolenCard"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kStolenCard},
    {.number = "4000000000000069", .names = {"chargeDeclinedExpiredCard", "visa_chargeDeclinedExpiredCard"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kExpiredCard},
    {.number = "4000000000000127", .names = {"chargeDeclinedIncorrectCvc", "visa_chargeDeclinedIncorrectCvc"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kIncorrectCvc,
     .decline_needs_cvc = true},
    {.number = "4000000000000119", .names = {"chargeDeclinedProcessingError", "visa_chargeDeclinedProcessingError"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kProcessingError},
    {.number = "4000000000006975", .names = {"visa_chargeDeclinedVelocityLimitExceeded", "chargeDeclinedVelocityLimitExceeded"},
     .funding = "credit", .country = "US", .behavior = B::kDeclines, .why = Why::kVelocityExceeded},
    // Attaching works; every charge then fails.
    {.number = "4000000000000341", .names = {"chargeCustomerFail", "visa_chargeCustomerFail"},
     .funding = "credit", .country = "US", .behavior = B::kAttachesThenDeclines, .why = Why::kGeneric},
    // (4242424242424241 fails the Luhn check: card_from_details reports incorrect_number.)

    // §7.3 Radar. The default rules block the highest risk level; the CVC and address checks
    // only record their result (blocking on them is an account setting we do not model).
    {.number = "4100000000000019", .names = {"radarBlock"}, .funding = "credit", .country = "US",
     .behavior = B::kDeclines, .why = Why::kFraudulent, .risk_level = "highest"},
    {.number = "4000000000004954", .names = {"riskLevelHighest"}, .funding = "credit", .country = "US",
     .behavior = B::kDeclines, .why = Why::kFraudulent, .risk_level = "highest"},
    {.number = "4000000000009235", .names = {"riskLevelElevated"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .risk_level = "elevated"},
    {.number = "4000000000000101", .names = {"cvcCheckFail"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .cvc_check = "fail"},
    {.number = "4000000000000036", .names = {"avsZipFail"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .postal_check = "fail"},
    {.number = "4000000000000028", .names = {"avsLine1Fail"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .line1_check = "fail"},
    {.number = "4000000000000010", .names = {"avsFail"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .line1_check = "fail", .postal_check = "fail"},
    {.number = "4000000000000044", .names = {"avsUnchecked"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .line1_check = "unavailable", .postal_check = "unavailable"},

    // §7.4 3-D Secure. Digits 7-9 of these numbers are the issuing country's ISO numeric code.
    {.number = "4000002500003155", .names = {"authenticationRequiredOnSetup"}, .funding = "credit",
     .country = "FR", .behavior = B::kAuthenticationUnlessSetUp},
    {.number = "4000002760003184", .names = {"authenticationRequired"}, .funding = "credit",
     .country = "DE", .behavior = B::kAuthenticationRequired},
    {.number = "4000003800000446", .names = {"authenticationRequiredSetupForOffSession"}, .funding = "credit",
     .country = "IT", .behavior = B::kAuthenticationOnSessionOnly},
    {.number = "4000008260003178", .names = {"authenticationRequiredChargeDeclinedInsufficientFunds"},
     .funding = "credit", .country = "GB", .behavior = B::kAuthenticationThenDeclines,
     .why = Why::kInsufficientFunds},
    {.number = "4000000000003220", .names = {"threeDSecure2Required"}, .funding = "credit",
     .country = "US", .behavior = B::kAuthenticationRequired},
    {.number = "4000008400001629", .names = {"threeDSecureRequiredChargeDeclined"}, .funding = "credit",
     .country = "US", .behavior = B::kAuthenticationThenDeclines, .why = Why::kGeneric},
    {.number = "4000008400001280", .names = {"threeDSecureRequiredProcessingError"}, .funding = "credit",
     .country = "US", .behavior = B::kAuthenticationThenDeclines, .why = Why::kGeneric},
    // 3DS supported but run only when requested (request_three_d_secure, not modelled).
    {.number = "4000000000003055", .names = {"threeDSecureOptional"}, .funding = "credit",
     .country = "US", .behavior = B::kSucceeds},
    {.number = "4000000000003097", .names = {"threeDSecureOptionalProcessingError"}, .funding = "credit",
     .country = "US", .behavior = B::kSucceeds},

    // §7.5 refunds, disputes, balance.
    {.number = "4000000000007726", .names = {"pendingRefund"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .refunds = Refunds::kPendingThenSucceed},
    {.number = "4000000000005126", .names = {"refundFail"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .refunds = Refunds::kSucceedThenFail},
    {.number = "4000000000000259", .names = {"createDispute"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .disputes = Disputes::kFraudulent},
    {.number = "4000000000002685", .names = {"createDisputeProductNotReceived"}, .funding = "credit",
     .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kProductNotReceived},
    {.number = "4000000000001976", .names = {"createDisputeInquiry"}, .funding = "credit",
     .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kInquiry},
    {.number = "4000000000005423", .names = {"createIssuerFraudRecord"}, .funding = "credit",
     .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kEarlyFraudWarning},
    {.number = "4000000404000079", .names = {"createMultipleDisputes"}, .funding = "credit",
     .country = "US", .behavior = B::kSucceeds, .disputes = Disputes::kMultiple},
    {.number = "4000000000000077", .names = {"bypassPending"}, .funding = "credit", .country = "US",
     .behavior = B::kSucceeds, .bypass_pending = true},
    {.number = "4000003720000278", .names = {"bypassPendingInternational"}, .funding = "credit",
     .country = "IE", .behavior = B::kSucceeds, .bypass_pending = true},
});
// clang-format on
// (§7.2's 4242424242424241 fails the Luhn check: card_from_details reports incorrect_number.)

// Card brands by prefix: [low, high] ranges over the first `digits` digits of the number.
struct BrandRange {
  int digits;
  int low;
  int high;
  std::string_view brand;
};
constexpr auto kBrandRanges = std::to_array<BrandRange>({
    {2, 34, 34, "amex"},
    {2, 37, 37, "amex"},
    {1, 4, 4, "visa"},
    {2, 51, 55, "mastercard"},
    {4, 2221, 2720, "mastercard"},
    {4, 6011, 6011, "discover"},
    {2, 65, 65, "discover"},
    {3, 644, 649, "discover"},
    {2, 36, 36, "diners"},
    {2, 38, 38, "diners"},
    {3, 300, 305, "diners"},
    {4, 3528, 3589, "jcb"},
    {2, 62, 62, "unionpay"},
});

// Valid lengths: min, min + step, ... up to max.
struct BrandLengths {
  std::string_view brand;
  int min;
  int max;
  int step = 1;
};
constexpr auto kBrandLengths = std::to_array<BrandLengths>({
    {"visa", 13, 19, 3},  // 13, 16 or 19
    {"mastercard", 16, 16},
    {"amex", 15, 15},
    {"discover", 16, 19},
    {"diners", 14, 19},
    {"jcb", 16, 19},
    {"unionpay", 16, 19},
    {"unknown", 12, 19},
});

bool length_ok(std::string_view brand, size_t length) {
  const int n = static_cast<int>(length);
  for (const BrandLengths& l : kBrandLengths) {
    if (l.brand == brand) return n >= l.min && n <= l.max && (n - l.min) % l.step == 0;
  }
  return false;
}

bool has_3ds(std::string_view brand) {
  return brand != "amex";
}
// Multicapture, overcapture and incremental authorization: Visa, Mastercard, Amex, Discover.
bool has_capture_features(std::string_view brand) {
  return brand == "visa" || brand == "mastercard" || brand == "amex" || brand == "discover";
}

// ---------------------------------------------------------------------------------------------
// Fingerprints: 16 characters from an HMAC of the instrument, so equal instruments match and
// the number itself cannot be recovered.

constexpr std::string_view kFingerprintKey = "intentd-fingerprint-v1";

std::string fingerprint_of(std::string_view kind, std::string_view value) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const std::string hex =
      util::hmac_sha256_hex(kFingerprintKey, std::string(kind) + ":" + std::string(value));
  std::string out;
  out.reserve(16);
  // Two hex digits (one byte) per character; 256 % 62 makes a small bias, harmless here.
  for (size_t i = 0; i + 1 < hex.size() && out.size() < 16; i += 2) {
    const int byte = std::stoi(hex.substr(i, 2), nullptr, 16);
    out += kAlphabet[byte % kAlphabet.size()];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cards.

ApiError details_error(std::string_view code, std::string_view message, std::string_view param) {
  ApiError e;
  e.status = 402;
  e.type = ErrorType::kCardError;
  e.code = std::string(code);
  e.message = std::string(message);
  e.param = std::string(param);
  return e;
}

struct YearMonth {
  int64_t year;
  int64_t month;
};
YearMonth year_month_of(int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds{seconds{unix_seconds}});
  const year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month())};
}

const CardRow* find_card_by_number(std::string_view digits) {
  for (const CardRow& row : kCards)
    if (row.number == digits) return &row;
  return nullptr;
}

const CardRow* find_card_by_name(std::string_view name) {
  if (name.empty()) return nullptr;
  for (const CardRow& row : kCards)
    for (std::string_view n : row.names)
      if (!n.empty() && n == name) return &row;
  return nullptr;
}

CardProfile profile_for(std::string_view digits, const CardRow* row, bool cvc_given) {
  CardProfile p;
  p.brand = std::string(card_brand(digits));
  p.funding = "credit";
  p.country = "US";
  p.last4 = std::string(digits.substr(digits.size() - 4));
  p.fingerprint = fingerprint_of("card", digits);
  p.three_d_secure_supported = has_3ds(p.brand);
  p.multicapture = p.overcapture = p.incremental_authorization = has_capture_features(p.brand);
  if (row == nullptr) return p;
  p.funding = std::string(row->funding);
  p.country = std::string(row->country);
  p.behavior = row->behavior;
  if (row->why != Why::kNone) p.decline = decline_for(row->why);
  if (row->decline_needs_cvc && !cvc_given) {
    p.behavior = CardBehavior::kSucceeds;
    p.decline = {};
  }
  p.refunds = row->refunds;
  p.disputes = row->disputes;
  p.bypass_pending = row->bypass_pending;
  p.risk_level = std::string(row->risk_level);
  p.cvc_check = std::string(row->cvc_check);
  p.address_line1_check = std::string(row->line1_check);
  p.address_postal_code_check = std::string(row->postal_check);
  return p;
}

// ---------------------------------------------------------------------------------------------
// SEPA Direct Debit (§7.6).

struct IbanCountry {
  std::string_view country;
  int length;
  int bank_offset, bank_length;  // within the BBAN (after the 4 leading characters)
  int branch_offset, branch_length;
};
// The SEPA scheme countries, their IBAN lengths and where their BBAN keeps the bank and
// branch identifiers (best effort, from each country's IBAN format).
constexpr auto kIbanCountries = std::to_array<IbanCountry>({
    {"AD", 24, 0, 4, 4, 4}, {"AT", 20, 0, 5, 0, 0}, {"BE", 16, 0, 3, 0, 0}, {"BG", 22, 0, 4, 4, 4},
    {"CH", 21, 0, 5, 0, 0}, {"CY", 28, 0, 3, 3, 5}, {"CZ", 24, 0, 4, 0, 0}, {"DE", 22, 0, 8, 0, 0},
    {"DK", 18, 0, 4, 0, 0}, {"EE", 20, 0, 2, 0, 0}, {"ES", 24, 0, 4, 4, 4}, {"FI", 18, 0, 3, 0, 0},
    {"FR", 27, 0, 5, 5, 5}, {"GB", 22, 0, 4, 4, 6}, {"GI", 23, 0, 4, 0, 0}, {"GR", 27, 0, 3, 3, 4},
    {"HR", 21, 0, 7, 0, 0}, {"HU", 28, 0, 3, 3, 4}, {"IE", 22, 0, 4, 4, 6}, {"IS", 26, 0, 4, 0, 0},
    {"IT", 27, 1, 5, 6, 5}, {"LI", 21, 0, 5, 0, 0}, {"LT", 20, 0, 5, 0, 0}, {"LU", 20, 0, 3, 0, 0},
    {"LV", 21, 0, 4, 0, 0}, {"MC", 27, 0, 5, 5, 5}, {"MT", 31, 0, 4, 4, 5}, {"NL", 18, 0, 4, 0, 0},
    {"NO", 15, 0, 4, 0, 0}, {"PL", 28, 0, 3, 3, 4}, {"PT", 25, 0, 4, 4, 4}, {"RO", 24, 0, 4, 0, 0},
    {"SE", 24, 0, 3, 0, 0}, {"SI", 19, 0, 2, 2, 3}, {"SK", 24, 0, 4, 0, 0}, {"SM", 27, 1, 5, 6, 5},
    {"VA", 22, 0, 3, 0, 0},
});

constexpr int64_t kDelayedMs = 180'000;

enum class BankWhy {
  kNone,
  kGeneric,
  kInsufficientFunds,
  kExceedsVolumeLimit,
  kExceedsWeeklyLimit,
  kAccountClosed,
  kNoAccount,
  kDebitNotAuthorized,
  kInvalidCurrency,
  kRadarBlock,
};

struct BankFailureRow {
  BankWhy why;
  std::string_view code;  // the Charge's failure_code
  std::string_view message;
};
constexpr auto kBankFailures = std::to_array<BankFailureRow>({
    {BankWhy::kGeneric, "generic_could_not_process", "This payment could not be processed."},
    {BankWhy::kInsufficientFunds, "insufficient_funds",
     "The customer's account has insufficient funds to cover this payment."},
    {BankWhy::kExceedsVolumeLimit, "charge_exceeds_source_limit",
     "This payment would exceed the weekly volume limit of this account."},
    {BankWhy::kExceedsWeeklyLimit, "charge_exceeds_weekly_limit",
     "This payment would exceed the weekly transaction limit of this account."},
    {BankWhy::kAccountClosed, "account_closed", "The customer's bank account has been closed."},
    {BankWhy::kNoAccount, "no_account", "The customer's bank account could not be located."},
    {BankWhy::kDebitNotAuthorized, "debit_not_authorized",
     "The customer has notified their bank that this payment was unauthorized."},
    {BankWhy::kInvalidCurrency, "invalid_currency",
     "The customer's bank account cannot accept payments in this currency."},
    {BankWhy::kRadarBlock, "payment_method_provider_decline",
     "The payment was blocked because it has the highest risk level."},
});

Decline bank_failure(BankWhy why) {
  for (const BankFailureRow& row : kBankFailures)
    if (row.why == why) return Decline{std::string(row.code), "", std::string(row.message), ""};
  return {};
}

using O = DebitOutcome;

struct SepaRow {
  std::string_view iban;
  std::string_view token;
  DebitOutcome outcome;
  BankWhy why = BankWhy::kNone;
  bool delayed = false;
};
constexpr auto kSepa = std::to_array<SepaRow>({
    {"DE89370400440532013000", "pm_success_de", O::kSucceeds},
    {"DE08370400440532013003", "pm_successDelayed_de", O::kSucceeds, BankWhy::kNone, true},
    {"DE62370400440532013001", "pm_failed_de", O::kFails, BankWhy::kGeneric},
    {"DE78370400440532013004", "pm_failedDelayed_de", O::kFails, BankWhy::kGeneric, true},
    {"DE35370400440532013002", "pm_disputed_de", O::kDisputed},
    {"DE65370400440000343434", "pm_exceedsWeeklyVolumeLimit_de", O::kFails,
     BankWhy::kExceedsVolumeLimit},
    {"DE27370400440000121212", "pm_exceedsWeeklyTransactionLimit_de", O::kFails,
     BankWhy::kExceedsWeeklyLimit},
    {"DE65370400440002222227", "pm_insufficientFunds_de", O::kFails, BankWhy::kInsufficientFunds},
    {"AT611904300234573201", "pm_success_at", O::kSucceeds},
    {"AT321904300235473204", "pm_successDelayed_at", O::kSucceeds, BankWhy::kNone, true},
    {"AT861904300235473202", "pm_failed_at", O::kFails, BankWhy::kGeneric},
    {"AT051904300235473205", "pm_failedDelayed_at", O::kFails, BankWhy::kGeneric, true},
    {"AT591904300235473203", "pm_disputed_at", O::kDisputed},
    {"FR1420041010050500013M02606", "pm_success_fr", O::kSucceeds},
    {"FR8420041010050500013M02607", "pm_failed_fr", O::kFails, BankWhy::kGeneric},
    {"NL39RABO0300065264", "pm_success_nl", O::kSucceeds},
    {"NL91ABNA0417164300", "pm_failed_nl", O::kFails, BankWhy::kGeneric},
    {"BE62510007547061", "pm_success_be", O::kSucceeds},
    {"BE68539007547034", "pm_failed_be", O::kFails, BankWhy::kGeneric},
    {"IE29AIBK93115212345678", "pm_success_ie", O::kSucceeds},
    {"IE02AIBK93115212345679", "pm_failed_ie", O::kFails, BankWhy::kGeneric},
});

ApiError iban_error(std::string message) {
  return ApiError::invalid_request("Invalid IBAN provided: " + std::move(message),
                                   "sepa_debit[iban]");
}

// ISO 13616: move the first four characters to the end, letters become 10..35, mod 97 == 1.
bool iban_checksum_ok(std::string_view iban) {
  const std::string rearranged = std::string(iban.substr(4)) + std::string(iban.substr(0, 4));
  int remainder = 0;
  for (char c : rearranged) {
    if (c >= '0' && c <= '9') {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    }
  }
  return remainder == 1;
}

const IbanCountry* iban_country(std::string_view country) {
  for (const IbanCountry& c : kIbanCountries)
    if (c.country == country) return &c;
  return nullptr;
}

BankProfile sepa_profile(std::string_view iban, const SepaRow* row) {
  const IbanCountry* c = iban_country(iban.substr(0, 2));
  BankProfile p;
  p.type = "sepa_debit";
  p.country = std::string(iban.substr(0, 2));
  const std::string_view bban = iban.substr(4);
  if (c != nullptr) {
    p.bank_code = std::string(bban.substr(c->bank_offset, c->bank_length));
    if (c->branch_length > 0)
      p.branch_code = std::string(bban.substr(c->branch_offset, c->branch_length));
  }
  p.last4 = std::string(iban.substr(iban.size() - 4));
  p.fingerprint = fingerprint_of("sepa_debit", iban);
  if (row != nullptr) {
    p.outcome = row->outcome;
    if (row->why != BankWhy::kNone) p.failure = bank_failure(row->why);
    if (row->delayed) p.extra_delay_ms = kDelayedMs;
  }
  return p;
}

// ---------------------------------------------------------------------------------------------
// US bank accounts (§7.7).

constexpr std::string_view kTestRouting = "110000000";
constexpr std::string_view kTestBankName = "STRIPE TEST BANK";

struct AchRow {
  std::string_view account;
  std::string_view token;
  DebitOutcome outcome;
  BankWhy why = BankWhy::kNone;
  bool microdeposits_fail = false;
};
constexpr auto kAch = std::to_array<AchRow>({
    {"000123456789", "pm_usBankAccount_success", O::kSucceeds},
    {"000111111113", "pm_usBankAccount_accountClosed", O::kFails, BankWhy::kAccountClosed},
    {"000111111116", "pm_usBankAccount_noAccount", O::kFails, BankWhy::kNoAccount},
    {"000222222227", "pm_usBankAccount_insufficientFunds", O::kFails, BankWhy::kInsufficientFunds},
    {"000333333335", "pm_usBankAccount_debitNotAuthorized", O::kFails,
     BankWhy::kDebitNotAuthorized},
    {"000444444440", "pm_usBankAccount_invalidCurrency", O::kFails, BankWhy::kInvalidCurrency},
    {"000666666661", "pm_usBankAccount_failMicrodeposits", O::kSucceeds, BankWhy::kNone, true},
    {"000555555559", "pm_usBankAccount_dispute", O::kDisputed},
    {"000000000009", "pm_usBankAccount_processing", O::kStaysProcessing},
    {"000777777771", "pm_usBankAccount_weeklyLimitExceeded", O::kFails,
     BankWhy::kExceedsWeeklyLimit},
    {"000000004954", "pm_usBankAccount_riskLevelHighest", O::kFails, BankWhy::kRadarBlock},
});

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The ABA checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
bool aba_valid(std::string_view routing) {
  if (routing.size() != 9 || !all_digits(routing)) return false;
  static constexpr int kWeights[3] = {3, 7, 1};
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) sum += kWeights[i % 3] * (routing[i] - '0');
  return sum % 10 == 0;
}

BankProfile ach_profile(std::string_view routing, std::string_view account, const AchRow* row) {
  BankProfile p;
  p.type = "us_bank_account";
  p.country = "US";
  p.routing_number = std::string(routing);
  p.last4 = std::string(account.substr(account.size() - 4));
  p.fingerprint =
      fingerprint_of("us_bank_account", std::string(routing) + ":" + std::string(account));
  p.bank_name = std::string(kTestBankName);
  if (row != nullptr) {
    p.outcome = row->outcome;
    if (row->why != BankWhy::kNone) p.failure = bank_failure(row->why);
    p.blocked_by_radar = row->why == BankWhy::kRadarBlock;
    p.microdeposits_fail = row->microdeposits_fail;
  }
  return p;
}

}  // namespace

// -------------------------------------------------------------------------------------------
// Cards.

ApiError card_error(const Decline& decline) {
  ApiError e;
  e.status = 402;
  e.type = ErrorType::kCardError;
  e.code = decline.code;
  e.decline_code = decline.decline_code;
  e.message = decline.message;
  e.param = decline.param;
  return e;
}

std::string_view card_brand(std::string_view digits) {
  for (const BrandRange& r : kBrandRanges) {
    if (digits.size() < static_cast<size_t>(r.digits)) continue;
    int prefix = 0;
    for (int i = 0; i < r.digits; ++i) {
      const char c = digits[i];
      if (c < '0' || c > '9') return "unknown";
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix >= r.low && prefix <= r.high) return r.brand;
  }
  return "unknown";
}

bool luhn_valid(std::string_view digits) {
  if (!all_digits(digits)) return false;
  int sum = 0;
  bool double_it = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

Result<CardProfile> card_from_details(std::string_view number, int64_t exp_month, int64_t exp_year,
                                      std::string_view cvc, int64_t now) {
  std::string digits;
  for (char c : number)
    if (c != ' ' && c != '-') digits += c;
  const std::string_view brand = card_brand(digits);
  if (!all_digits(digits) || !length_ok(brand, digits.size()) || !luhn_valid(digits)) {
    return details_error("incorrect_number", "Your card number is incorrect.", "card[number]");
  }
  if (exp_month < 1 || exp_month > 12) {
    return details_error("invalid_expiry_month", "Your card's expiration month is invalid.",
                         "card[exp_month]");
  }
  if (exp_year >= 0 && exp_year < 100) exp_year += 2000;
  const YearMonth today = year_month_of(now);
  // A year in the past, or absurdly far ahead, is an invalid year; a month already over in
  // this year is an invalid month.
  if (exp_year < today.year || exp_year > today.year + 50) {
    return details_error("invalid_expiry_year", "Your card's expiration year is invalid.",
                         "card[exp_year]");
  }
  if (exp_year == today.year && exp_month < today.month) {
    return details_error("invalid_expiry_month", "Your card's expiration month is invalid.",
                         "card[exp_month]");
  }
  if (!cvc.empty()) {
    const size_t want = brand == "amex" ? 4 : 3;
    if (cvc.size() != want || !all_digits(cvc)) {
      return details_error("invalid_cvc", "Your card's security code is invalid.", "card[cvc]");
    }
  }
  CardProfile p = profile_for(digits, find_card_by_number(digits), !cvc.empty());
  p.exp_month = exp_month;
  p.exp_year = exp_year;
  return p;
}

std::optional<CardProfile> card_from_token(std::string_view token, int64_t now) {
  std::string_view name;
  if (token.starts_with("pm_card_")) {
    name = token.substr(8);
  } else if (token.starts_with("tok_")) {
    name = token.substr(4);
  } else {
    return std::nullopt;
  }
  const CardRow* row = find_card_by_name(name);
  if (row == nullptr) return std::nullopt;
  CardProfile p = profile_for(row->number, row, /*cvc_given=*/true);
  const YearMonth today = year_month_of(now);
  p.exp_month = today.month;
  p.exp_year = today.year + 1;
  return p;
}

CardDecision decide(const CardProfile& card, const Attempt& attempt) {
  const CardDecision succeed{Verdict::kSucceed, {}};
  const CardDecision decline{Verdict::kDecline, card.decline};
  const CardDecision challenge{Verdict::kRequiresAction, {}};
  const CardDecision needs_authentication{Verdict::kDecline,
                                          decline_for(Why::kAuthenticationRequired)};
  // A card without 3-D Secure (Amex) is never asked to authenticate: it goes on as if it had.
  const bool can_authenticate = card.three_d_secure_supported;
  // On-session authentication: a challenge until it is done, then `after`.
  auto on_session = [&](const CardDecision& after) {
    return attempt.authenticated || !can_authenticate ? after : challenge;
  };
  // Off-session, authentication cannot happen: the payment fails for want of it.
  auto off_session_without = [&](const CardDecision& after) {
    return can_authenticate ? needs_authentication : after;
  };
  const bool off_session = attempt.off_session && !attempt.is_setup;

  switch (card.behavior) {
    case CardBehavior::kSucceeds:
      return succeed;
    case CardBehavior::kDeclines:
      return decline;
    case CardBehavior::kAttachesThenDeclines:
      return attempt.is_setup ? succeed : decline;
    case CardBehavior::kAuthenticationRequired:
      return off_session ? off_session_without(succeed) : on_session(succeed);
    case CardBehavior::kAuthenticationUnlessSetUp:
      if (off_session)
        return attempt.set_up_for_off_session ? succeed : off_session_without(succeed);
      return on_session(succeed);
    case CardBehavior::kAuthenticationOnSessionOnly:
      return off_session ? succeed : on_session(succeed);
    case CardBehavior::kAuthenticationThenDeclines:
      if (attempt.is_setup) return on_session(succeed);
      if (off_session)
        return attempt.set_up_for_off_session ? decline : off_session_without(decline);
      return on_session(decline);
  }
  return succeed;
}

Status check_attachable(const CardProfile& card) {
  switch (card.behavior) {
    case CardBehavior::kDeclines:
      return card_error(card.decline);
    case CardBehavior::kSucceeds:
    case CardBehavior::kAttachesThenDeclines:
    case CardBehavior::kAuthenticationRequired:
    case CardBehavior::kAuthenticationUnlessSetUp:
    case CardBehavior::kAuthenticationOnSessionOnly:
    case CardBehavior::kAuthenticationThenDeclines:
      return Status::Ok();
  }
  return Status::Ok();
}

// -------------------------------------------------------------------------------------------
// Bank debits.

Result<BankProfile> sepa_from_iban(std::string_view iban) {
  std::string normalized;
  for (char c : iban) {
    if (c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return iban_error("it may contain only letters, digits and spaces.");
    normalized += c;
  }
  if (normalized.size() < 5) return iban_error("it is too short.");
  const std::string_view country = std::string_view(normalized).substr(0, 2);
  const IbanCountry* c = iban_country(country);
  const bool letters = country[0] >= 'A' && country[1] >= 'A';
  if (c == nullptr || !letters) {
    return iban_error("the country " + std::string(country) +
                      " is not supported for SEPA Direct Debit.");
  }
  if (normalized[2] < '0' || normalized[2] > '9' || normalized[3] < '0' || normalized[3] > '9')
    return iban_error("the check digits must be two digits.");
  if (static_cast<int>(normalized.size()) != c->length) {
    return iban_error("an IBAN from " + std::string(country) + " has " + std::to_string(c->length) +
                      " characters, not " + std::to_string(normalized.size()) + ".");
  }
  if (!iban_checksum_ok(normalized)) return iban_error("the check digits are incorrect.");
  const SepaRow* row = nullptr;
  for (const SepaRow& r : kSepa)
    if (r.iban == normalized) row = &r;
  return sepa_profile(normalized, row);
}

std::optional<BankProfile> sepa_from_token(std::string_view token) {
  for (const SepaRow& r : kSepa)
    if (r.token == token) return sepa_profile(r.iban, &r);
  return std::nullopt;
}

Result<BankProfile> us_bank_from_details(std::string_view routing_number,
                                         std::string_view account_number) {
  if (!aba_valid(routing_number)) {
    return ApiError::invalid_request("Routing number must have 9 digits and a valid checksum.",
                                     "us_bank_account[routing_number]", "routing_number_invalid");
  }
  if (!all_digits(account_number) || account_number.size() < 4 || account_number.size() > 17) {
    return ApiError::invalid_request("Account number must have between 4 and 17 digits.",
                                     "us_bank_account[account_number]", "account_number_invalid");
  }
  const AchRow* row = nullptr;
  if (routing_number == kTestRouting)
    for (const AchRow& r : kAch)
      if (r.account == account_number) row = &r;
  return ach_profile(routing_number, account_number, row);
}

std::optional<BankProfile> us_bank_from_token(std::string_view token) {
  for (const AchRow& r : kAch)
    if (r.token == token) {
      BankProfile p = ach_profile(kTestRouting, r.account, &r);
      p.instantly_verified = true;
      return p;
    }
  return std::nullopt;
}

ApiError debit_failure_error(const BankProfile& bank) {
  ApiError e =
      ApiError::invalid_request("The payment failed.", {}, "payment_intent_payment_attempt_failed");
  if (bank.failure.code != "generic_could_not_process") e.decline_code = bank.failure.code;
  return e;
}

std::vector<std::string> known_test_tokens() {
  std::vector<std::string> out;
  for (const CardRow& row : kCards) {
    for (std::string_view n : row.names) {
      if (n.empty()) continue;
      out.push_back("pm_card_" + std::string(n));
      out.push_back("tok_" + std::string(n));
    }
  }
  for (const SepaRow& r : kSepa) out.emplace_back(r.token);
  for (const AchRow& r : kAch) out.emplace_back(r.token);
  return out;
}

}  // namespace intentd::domain
