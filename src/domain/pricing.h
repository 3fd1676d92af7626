// The rules a Price's amounts and schedule follow: decimal unit amounts (up to 12 decimal
// places), recurring intervals of at most one year, and tiers that climb to "inf".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace intentd::domain {

// Prices take amounts in minor units with up to 12 digits on each side of the point
// (the largest is 999999999999.999999999999).
inline constexpr int kMaxAmountDigits = 12;
inline constexpr int64_t kMaxUnitAmount = 999'999'999'999;

// A decimal amount in the form Stripe shows it: "1250", "0.5", "12.000001" (no sign, no
// exponent, no leading zeros, no trailing zeros after the point). A malformed, negative or
// too precise `text` is a 400 "Invalid decimal: ..." naming `param`.
Result<std::string> normalize_decimal_amount(std::string_view text, const std::string& param);

// The whole number a normalized decimal amount holds ("1250" → 1250), or nullopt when it has
// a fraction ("0.5").
std::optional<int64_t> whole_amount(std::string_view normalized);

// interval_count may span at most one year: 365 days, 52 weeks, 12 months or 1 year.
// `interval` is one of day, week, month, year (the schema checked it); errors name `param`.
Status check_interval_count(std::string_view interval, int64_t count, const std::string& param);

// A tier's upper bound: a positive integer, or nullopt for "inf". Errors name `param`.
Result<std::optional<int64_t>> parse_up_to(std::string_view text, const std::string& param);

// Bounds must rise strictly and only the last one may be (and must be) "inf". `prefix` is
// the tiers param ("tiers"); errors name the element, e.g. "tiers[1][up_to]".
Status check_tier_bounds(const std::vector<std::optional<int64_t>>& up_to,
                         const std::string& prefix);

}  // namespace intentd::domain
