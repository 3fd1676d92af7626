#include "domain/price_amount.h"

#include <optional>
#include <string_view>

namespace intentd::domain {
namespace json = boost::json;

namespace {

// Amounts as fixed-point numbers with 12 decimal places: prices carry at most 12 and a
// quantity times the largest unit amount still fits in 128 bits.
using Fixed = __int128;
constexpr Fixed kScale = 1'000'000'000'000;

std::optional<Fixed> parse_decimal(std::string_view s) {
  Fixed whole = 0, frac = 0, scale = kScale;
  bool point = false, digits = false;
  for (char c : s) {
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    if (!point) {
      whole = whole * 10 + (c - '0');
      if (whole > kScale) return std::nullopt;  // beyond any price amount
    } else {
      if (scale == 1) return std::nullopt;  // more than 12 decimal places
      scale /= 10;
      frac += (c - '0') * scale;
    }
  }
  if (!digits) return std::nullopt;
  return whole * kScale + frac;
}

// A whole or decimal amount field of `o` ("unit_amount" → unit_amount_decimal first).
std::optional<Fixed> amount_field(const json::object& o, std::string_view name) {
  const std::string decimal = std::string(name) + "_decimal";
  if (const json::value* d = o.if_contains(decimal); d != nullptr && d->is_string())
    return parse_decimal(d->as_string());
  if (const json::value* w = o.if_contains(name); w != nullptr && w->is_int64())
    return static_cast<Fixed>(w->as_int64()) * kScale;
  return std::nullopt;
}

int64_t rounded(Fixed amount) {
  return static_cast<int64_t>((amount + kScale / 2) / kScale);
}

// The quantity billed after transform_quantity (divide_by, round up or down).
int64_t transformed(const json::object& price, int64_t quantity) {
  const json::value* t = price.if_contains("transform_quantity");
  if (t == nullptr || !t->is_object()) return quantity;
  const int64_t by = t->as_object().at("divide_by").to_number<int64_t>();
  if (by <= 0) return quantity;
  const bool up = t->as_object().at("round") == "up";
  return up ? (quantity + by - 1) / by : quantity / by;
}

std::optional<int64_t> upper_bound(const json::object& tier) {
  const json::value& u = tier.at("up_to");
  if (u.is_int64()) return u.as_int64();
  return std::nullopt;  // "inf"
}

Fixed tiered(const json::array& tiers, bool graduated, int64_t quantity) {
  Fixed total = 0;
  int64_t below = 0;  // units priced by the tiers before this one
  for (const json::value& v : tiers) {
    const json::object& tier = v.as_object();
    const std::optional<int64_t> up_to = upper_bound(tier);
    const Fixed unit = amount_field(tier, "unit_amount").value_or(0);
    const Fixed flat = amount_field(tier, "flat_amount").value_or(0);
    if (!graduated) {
      // Volume: every unit at the rate of the tier the whole quantity falls in.
      if (!up_to || quantity <= *up_to) return unit * quantity + flat;
      continue;
    }
    if (quantity <= below) break;
    const int64_t top = up_to ? std::min(quantity, *up_to) : quantity;
    total += unit * (top - below) + flat;
    below = top;
    if (!up_to || quantity <= *up_to) break;
  }
  return total;
}

}  // namespace

Result<int64_t> price_amount(const json::object& price, const json::array* tiers, int64_t quantity,
                             const std::string& param) {
  const json::value* scheme = price.if_contains("billing_scheme");
  if (scheme != nullptr && *scheme == "tiered") {
    if (tiers == nullptr || tiers->empty())
      return ApiError::invalid_request("The price has no tiers to compute an amount from.", param);
    const bool graduated = price.at("tiers_mode") == "graduated";
    return rounded(tiered(*tiers, graduated, quantity));
  }
  const std::optional<Fixed> unit = amount_field(price, "unit_amount");
  if (!unit)
    return ApiError::invalid_request(
        "This price lets the customer choose the amount (custom_unit_amount), which intentd's "
        "Checkout does not offer yet. Use a price with a unit_amount.",
        param);
  return rounded(*unit * transformed(price, quantity));
}

}  // namespace intentd::domain
