#include "domain/pricing.h"

#include <charconv>

namespace intentd::domain {
namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

ApiError invalid(std::string message, const std::string& param) {
  return ApiError::invalid_request(std::move(message), param);
}

}  // namespace

Result<std::string> normalize_decimal_amount(std::string_view text, const std::string& param) {
  const std::size_t point = text.find('.');
  std::string_view whole = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? "" : text.substr(point + 1);
  if ((whole.empty() && fraction.empty()) || !all_digits(whole) || !all_digits(fraction))
    return invalid("Invalid decimal: " + std::string(text), param);
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (whole.size() > kMaxAmountDigits || fraction.size() > kMaxAmountDigits)
    return invalid("Invalid decimal: " + std::string(text) + "; must have at most " +
                       std::to_string(kMaxAmountDigits) + " digits before and after the point",
                   param);
  std::string out = whole.empty() ? "0" : std::string(whole);
  if (!fraction.empty()) out += "." + std::string(fraction);
  return out;
}

std::optional<int64_t> whole_amount(std::string_view normalized) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(normalized.data(), normalized.data() + normalized.size(), v);
  if (ec != std::errc() || ptr != normalized.data() + normalized.size()) return std::nullopt;
  return v;
}

Status check_interval_count(std::string_view interval, int64_t count, const std::string& param) {
  struct Limit {
    std::string_view interval;
    std::string_view adjective;
    int64_t max;
  };
  static constexpr Limit kLimits[] = {{"day", "daily", 365},
                                      {"week", "weekly", 52},
                                      {"month", "monthly", 12},
                                      {"year", "yearly", 1}};
  for (const Limit& l : kLimits) {
    if (l.interval != interval || count <= l.max) continue;
    return invalid("The interval_count for " + std::string(l.adjective) +
                       " prices can't be greater than " + std::to_string(l.max) +
                       ". The maximum billing interval is one year (1 year, 12 months, 52 weeks "
                       "or 365 days).",
                   param);
  }
  return Status::Ok();
}

Result<std::optional<int64_t>> parse_up_to(std::string_view text, const std::string& param) {
  if (text == "inf") return std::optional<int64_t>();
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || v < 1)
    return invalid("Invalid up_to: " + std::string(text) +
                       ". It must be an integer greater than 0, or inf for the last tier.",
                   param);
  return std::optional<int64_t>(v);
}

Status check_tier_bounds(const std::vector<std::optional<int64_t>>& up_to,
                         const std::string& prefix) {
  auto param = [&prefix](std::size_t i) { return prefix + "[" + std::to_string(i) + "][up_to]"; };
  for (std::size_t i = 0; i < up_to.size(); ++i) {
    const bool last = i + 1 == up_to.size();
    if (!up_to[i] && !last)
      return invalid("Only the last tier may have up_to set to inf.", param(i));
    if (up_to[i] && last)
      return invalid("The last tier must have up_to set to inf, so that every quantity has a tier.",
                     param(i));
    if (i > 0 && up_to[i] && *up_to[i] <= *up_to[i - 1])
      return invalid("Tiers must be in ascending order of up_to: " + std::to_string(*up_to[i]) +
                         " is not greater than " + std::to_string(*up_to[i - 1]) +
                         " in the tier before.",
                     param(i));
  }
  return Status::Ok();
}

}  // namespace intentd::domain
