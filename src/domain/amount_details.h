// Payment line items (PaymentIntent amount_details): the arithmetic Stripe checks against the
// amount, and how details given at creation and at each capture combine — the first capture
// replaces or unsets them, later captures add up amounts and append line items.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "base/object_type.h"
#include "base/result.h"

namespace intentd::domain {

inline constexpr std::size_t kMaxLineItems = 200;
inline constexpr ObjectType kLineItem{"payment_intent_amount_details_line_item", "uli"};

// Checks an amount_details param (already type-checked) against `amount` and returns what is
// stored: {discount_amount?, tax?, shipping?, line_items: [...], error?}. Per-item and
// top-level discounts (and taxes) exclude each other. When the items do not add up to
// `amount` the answer is a 400, or, with enforce_arithmetic_validation=false, an `error` entry
// {code, message} kept with the details. New line items get ids made at `now_ms`.
Result<boost::json::object> check_amount_details(const boost::json::value& param, int64_t amount,
                                                 const std::string& path, int64_t now_ms);

// The sum the items, shipping, discount and tax make; nullopt when it does not fit in int64.
std::optional<int64_t> amount_details_total(const boost::json::object& details);

// What earlier captures did with details.
enum class CaptureDetails {
  kNoCaptureYet,
  kWith,     // earlier captures carried amount_details: later ones must too
  kWithout,  // they did not: later ones cannot add them
};

struct CapturedDetails {
  std::optional<boost::json::object> details;                  // nullopt: the intent has none now
  CaptureDetails state = CaptureDetails::kNoCaptureYet;        // amount_details as a whole
  CaptureDetails items_state = CaptureDetails::kNoCaptureYet;  // amount_details[line_items]
};

// Applies a capture's amount_details to the intent's: `param` is nullptr when absent, JSON
// null when explicitly unset (""), or the checked hash. `current` is what the intent holds,
// `state` and `items_state` what earlier captures did with the details and, the same rules
// on their own, with line items.
Result<CapturedDetails> capture_amount_details(const std::optional<boost::json::object>& current,
                                               CaptureDetails state, CaptureDetails items_state,
                                               const boost::json::value* param,
                                               int64_t amount_to_capture, int64_t now_ms);

// amount_details as the PaymentIntent shows it, without its line items (those only appear
// when expanded).
boost::json::object shown_amount_details(const std::optional<boost::json::object>& details);

}  // namespace intentd::domain
