// Money in integer minor units, currency-aware: which currencies have no decimals, Stripe's
// minimum charge amounts, overflow-checked arithmetic, and the fees test mode shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intentd::domain {

// True for currencies Stripe supports (three-letter, lower case: "usd", "eur", "jpy", ...).
// Matching ignores case; store the lower-case form.
bool is_supported_currency(std::string_view currency);
// Every supported currency, lower case, in alphabetical order.
const std::vector<std::string_view>& supported_currencies();
// Zero-decimal currencies (jpy, krw, ...): an amount is in whole units.
bool is_zero_decimal(std::string_view currency);
// Digits after the decimal point in an API amount: 0 (jpy, ...), 3 (bhd, jod, kwd, omr, tnd)
// or 2 (everything else).
int currency_decimals(std::string_view currency);
// The smallest amount a payment may have (usd 50 = $0.50, eur 50, jpy 50, ...).
int64_t minimum_charge_amount(std::string_view currency);
// Stripe's limit: at most 8 digits (99999999) in minor units.
inline constexpr int64_t kMaximumAmount = 99999999;

// An amount as Stripe's messages show it: "$0.50", "€1,234.56", "¥50", "0.50 idr" (no symbol).
std::string format_amount(int64_t amount, std::string_view currency);

// 400 "Invalid currency: xyz. Stripe currently supports these currencies: ..." naming `param`.
Status check_currency(std::string_view currency, const std::string& param = "currency");

// Checks `amount` for a payment in `currency` ("Amount must be at least $0.50 usd", ...),
// naming `param`. An unsupported currency fails as check_currency does.
Status check_charge_amount(int64_t amount, std::string_view currency,
                           const std::string& param = "amount");

// Overflow-checked arithmetic: nullopt on overflow.
std::optional<int64_t> add(int64_t a, int64_t b);
std::optional<int64_t> sub(int64_t a, int64_t b);
std::optional<int64_t> mul(int64_t a, int64_t b);

// The processing fee test mode shows for a payment (rounded half up, in the charge's
// currency): card 2.9% + 30 (minor units of usd; the same figures in other currencies),
// sepa_debit 0.8% capped at 500, us_bank_account 0.8% capped at 500. Other types are priced
// as cards; an amount ≤ 0 has no fee.
int64_t processing_fee(std::string_view payment_method_type, int64_t amount,
                       std::string_view currency);

}  // namespace intentd::domain
