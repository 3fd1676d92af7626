#include "domain/amount_details.h"

#include <boost/json/array.hpp>

#include "base/ids.h"

namespace intentd::domain {
namespace json = boost::json;

namespace {

int64_t int_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->as_int64() : 0;
}

int64_t tax_of(const json::object& o) {
  const json::value* t = o.if_contains("tax");
  return t != nullptr && t->is_object() ? int_at(t->as_object(), "total_tax_amount") : 0;
}

int64_t shipping_amount(const json::object& o) {
  const json::value* s = o.if_contains("shipping");
  return s != nullptr && s->is_object() ? int_at(s->as_object(), "amount") : 0;
}

// A line item as stored and shown: Stripe's fields, with nulls for what was not given.
json::object line_item(const json::object& given, int64_t now_ms) {
  json::object item{{"id", new_id(kLineItem, now_ms)}, {"object", kLineItem.name}};
  for (const char* f : {"discount_amount", "payment_method_options", "product_code", "product_name",
                        "quantity", "tax", "unit_cost", "unit_of_measure"}) {
    const json::value* v = given.if_contains(f);
    item[f] = v != nullptr ? *v : json::value(nullptr);
  }
  return item;
}

ApiError arithmetic_error(const std::string& path, const std::string& message) {
  return ApiError::invalid_request(message, path, "amount_details_amount_mismatch");
}

std::string postal(const json::object& details, std::string_view key) {
  const json::value* s = details.if_contains("shipping");
  if (s == nullptr || !s->is_object()) return {};
  const json::value* v = s->as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::optional<int64_t> amount_details_total(const json::object& d) {
  // Each operand fits in int64 (the params are checked), their products and sums need not.
  int64_t total = 0;
  bool overflow = false;
  auto add = [&](int64_t v) { overflow |= __builtin_add_overflow(total, v, &total); };
  auto sub = [&](int64_t v) { overflow |= __builtin_sub_overflow(total, v, &total); };
  if (const json::value* items = d.if_contains("line_items"); items && items->is_array())
    for (const auto& v : items->as_array()) {
      const json::object& item = v.as_object();
      int64_t cost = 0;
      overflow |=
          __builtin_mul_overflow(int_at(item, "unit_cost"), int_at(item, "quantity"), &cost);
      add(cost);
      sub(int_at(item, "discount_amount"));
      add(tax_of(item));
    }
  add(shipping_amount(d));
  sub(int_at(d, "discount_amount"));
  add(tax_of(d));
  if (overflow) return std::nullopt;
  return total;
}

Result<json::object> check_amount_details(const json::value& param, int64_t amount,
                                          const std::string& path, int64_t now_ms) {
  const json::object& in = param.as_object();
  json::object out;
  bool enforce = true;
  bool item_discount = false, item_tax = false;
  json::array items;
  for (const auto& kv : in) {
    std::string_view k = kv.key();
    const json::value& v = kv.value();
    if (k == "enforce_arithmetic_validation") {
      enforce = v.as_bool();
    } else if (k == "line_items") {
      if (v.is_null()) continue;
      const json::array& given = v.as_array();
      if (given.size() > kMaxLineItems)
        return ApiError::invalid_request("amount_details[line_items] can have at most " +
                                             std::to_string(kMaxLineItems) + " items.",
                                         path + "[line_items]");
      for (const auto& item : given) {
        const json::object& o = item.as_object();
        item_discount = item_discount || o.contains("discount_amount");
        item_tax = item_tax || o.contains("tax");
        items.push_back(line_item(o, now_ms));
      }
    } else if (!v.is_null()) {
      out[k] = v;
    }
  }
  if (item_discount && out.contains("discount_amount"))
    return ApiError::invalid_request(
        "You cannot pass amount_details[discount_amount] together with discount_amount on line "
        "items.",
        path + "[discount_amount]", "parameters_exclusive");
  if (item_tax && out.contains("tax"))
    return ApiError::invalid_request(
        "You cannot pass amount_details[tax] together with tax on line items.", path + "[tax]",
        "parameters_exclusive");
  if (!items.empty()) out["line_items"] = std::move(items);

  int64_t extras = 0;
  const bool extras_overflow =
      __builtin_add_overflow(shipping_amount(out), int_at(out, "discount_amount"), &extras) ||
      __builtin_add_overflow(extras, tax_of(out), &extras);
  const std::optional<int64_t> total = amount_details_total(out);
  if (extras_overflow || !total)
    return ApiError::invalid_request(
        "The line items, shipping, discount and tax in amount_details add up to more than the "
        "largest amount there can be.",
        path, "amount_too_large");
  std::optional<std::pair<std::string, std::string>> problem;
  if (extras > amount)
    problem.emplace("amount_details_tax_shipping_discount_greater_than_amount",
                    "The sum of amount_details tax, shipping and discount amounts (" +
                        std::to_string(extras) + ") is greater than the amount (" +
                        std::to_string(amount) + ").");
  else if (out.contains("line_items") && *total != amount)
    problem.emplace("amount_details_amount_mismatch",
                    "The line items, shipping, discount and tax in amount_details add up to " +
                        std::to_string(*total) + ", not the amount (" + std::to_string(amount) +
                        ").");
  if (problem) {
    if (enforce) {
      ApiError e = arithmetic_error(path, problem->second);
      e.code = problem->first;
      return e;
    }
    out["error"] = json::object{{"code", problem->first}, {"message", problem->second}};
  }
  return out;
}

// The line-item rules, which mirror the details' ones: created with items, the first capture
// passes or unsets them; once captures carried items, later ones must; if they did not, later
// ones cannot. Returns what this capture does with items.
Result<CaptureDetails> line_items_rule(const std::optional<json::object>& current,
                                       CaptureDetails items_state, const json::value* param) {
  const std::string path = "amount_details[line_items]";
  const json::object* given = param != nullptr ? param->if_object() : nullptr;
  const json::value* items = given != nullptr ? given->if_contains("line_items") : nullptr;
  const bool passed = items != nullptr && !items->is_null();
  switch (items_state) {
    case CaptureDetails::kNoCaptureYet:
      if (given != nullptr && items == nullptr && current && current->contains("line_items"))
        return ApiError::invalid_request(
            "This PaymentIntent was created with amount_details[line_items], so the first "
            "capture must either pass them or unset them (amount_details[line_items]=\"\").",
            path);
      return passed ? CaptureDetails::kWith : CaptureDetails::kWithout;
    case CaptureDetails::kWith:
      if (given != nullptr && !passed)
        return ApiError::invalid_request(
            "Earlier captures of this PaymentIntent included amount_details[line_items], so "
            "every later capture must include them too.",
            path);
      return CaptureDetails::kWith;
    case CaptureDetails::kWithout:
      if (passed)
        return ApiError::invalid_request(
            "Earlier captures of this PaymentIntent did not include amount_details[line_items], "
            "so later captures cannot add them.",
            path);
      return CaptureDetails::kWithout;
  }
  return CaptureDetails::kWithout;
}

Result<CapturedDetails> capture_amount_details(const std::optional<json::object>& current,
                                               CaptureDetails state, CaptureDetails items_state,
                                               const json::value* param, int64_t amount_to_capture,
                                               int64_t now_ms) {
  const std::string path = "amount_details";
  const bool absent = param == nullptr;
  const bool unset = param != nullptr && param->is_null();
  CapturedDetails out;
  // The details' own rules come first; a capture they allow is then held to the line items'.
  auto finish = [&](CapturedDetails done) -> Result<CapturedDetails> {
    INTENTD_ASSIGN_OR_RETURN(done.items_state, line_items_rule(current, items_state, param));
    return done;
  };
  switch (state) {
    case CaptureDetails::kNoCaptureYet:
      if (absent && current)
        return ApiError::invalid_request(
            "This PaymentIntent was created with amount_details, so the first capture must "
            "either pass amount_details or unset them (amount_details=\"\").",
            path);
      if (absent || unset) {
        out.state = CaptureDetails::kWithout;
        return finish(std::move(out));
      }
      {
        INTENTD_ASSIGN_OR_RETURN(json::object d,
                                 check_amount_details(*param, amount_to_capture, path, now_ms));
        out.details = std::move(d);
      }
      out.state = CaptureDetails::kWith;
      return finish(std::move(out));
    case CaptureDetails::kWithout:
      if (!absent && !unset)
        return ApiError::invalid_request(
            "Earlier captures of this PaymentIntent did not include amount_details, so later "
            "captures cannot add them.",
            path);
      out.state = CaptureDetails::kWithout;
      return finish(std::move(out));
    case CaptureDetails::kWith: {
      if (absent || unset)
        return ApiError::invalid_request(
            "Earlier captures of this PaymentIntent included amount_details, so every later "
            "capture must include them too.",
            path);
      INTENTD_ASSIGN_OR_RETURN(json::object added,
                               check_amount_details(*param, amount_to_capture, path, now_ms));
      json::object merged = current ? *current : json::object();
      // Postal codes may be left out, but not changed, from one capture to the next.
      for (std::string_view code : {"from_postal_code", "to_postal_code"}) {
        const std::string before = postal(merged, code), now = postal(added, code);
        if (!before.empty() && !now.empty() && before != now)
          return ApiError::invalid_request(
              "amount_details[shipping][" + std::string(code) + "] cannot change between captures.",
              path + "[shipping][" + std::string(code) + "]");
      }
      if (added.contains("discount_amount") || merged.contains("discount_amount"))
        merged["discount_amount"] =
            int_at(merged, "discount_amount") + int_at(added, "discount_amount");
      if (added.contains("tax") || merged.contains("tax"))
        merged["tax"] = json::object{{"total_tax_amount", tax_of(merged) + tax_of(added)}};
      if (added.contains("shipping") || merged.contains("shipping")) {
        json::object s{{"amount", shipping_amount(merged) + shipping_amount(added)}};
        for (std::string_view code : {"from_postal_code", "to_postal_code"}) {
          std::string v = postal(added, code);
          if (v.empty()) v = postal(merged, code);
          s[code] = v.empty() ? json::value(nullptr) : json::value(v);
        }
        merged["shipping"] = std::move(s);
      }
      json::array items;
      if (const json::value* old = merged.if_contains("line_items"); old && old->is_array())
        items = old->as_array();
      if (const json::value* fresh = added.if_contains("line_items"); fresh && fresh->is_array())
        for (const auto& i : fresh->as_array()) items.push_back(i);
      if (items.size() > kMaxLineItems)
        return ApiError::invalid_request("A PaymentIntent can have at most " +
                                             std::to_string(kMaxLineItems) +
                                             " line items across its captures.",
                                         path + "[line_items]");
      if (!items.empty()) merged["line_items"] = std::move(items);
      if (added.contains("error")) merged["error"] = added["error"];
      out.details = std::move(merged);
      out.state = CaptureDetails::kWith;
      return finish(std::move(out));
    }
  }
  return finish(std::move(out));
}

json::object shown_amount_details(const std::optional<json::object>& details) {
  if (!details) return json::object{{"tip", json::object()}};
  json::object out;
  // Stripe's order: discount_amount, error, line_items (when expanded), shipping, tax, tip.
  if (const json::value* v = details->if_contains("discount_amount")) out["discount_amount"] = *v;
  if (const json::value* v = details->if_contains("error")) out["error"] = *v;
  if (const json::value* v = details->if_contains("shipping")) {
    json::object s{{"amount", nullptr}, {"from_postal_code", nullptr}, {"to_postal_code", nullptr}};
    for (const auto& kv : v->as_object()) s[kv.key()] = kv.value();
    out["shipping"] = std::move(s);
  }
  if (const json::value* v = details->if_contains("tax")) out["tax"] = *v;
  out["tip"] = json::object();
  return out;
}

}  // namespace intentd::domain
