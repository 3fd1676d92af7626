#include "resources/catalog/prices.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <vector>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "base/ids.h"
#include "domain/money.h"
#include "domain/pricing.h"
#include "events/event_log.h"
#include "resources/catalog/products.h"

namespace intentd::resources::prices {
namespace json = boost::json;
using api::Call;
using api::child_path;
using api::Param;

namespace {

constexpr std::size_t kMaxLookupKeys = 10;

Param interval_param() {
  return Param::one_of({"day", "month", "week", "year"});
}
Param tax_behavior_param() {
  return Param::one_of({"exclusive", "inclusive", "unspecified"});
}
Param amount_param() {
  return Param::integer().min(0).max(domain::kMaxUnitAmount);
}

Param custom_unit_amount_param() {
  return Param::hash({
      {"enabled", Param::boolean().required()},
      {"maximum", amount_param()},
      {"minimum", amount_param()},
      {"preset", amount_param()},
  });
}

ApiError invalid(std::string message, std::string param) {
  return ApiError::invalid_request(std::move(message), std::move(param));
}

ApiError exclusive(const std::string& a, const std::string& b) {
  return ApiError::invalid_request(
      "You may only specify one of these parameters: " + a + ", " + b + ".", b,
      "parameters_exclusive");
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// An amount given either as `key` (integer minor units) or `key`_decimal, rendered as Stripe
// shows both: the decimal always, the integer only when the amount is whole.
struct Amount {
  bool given = false;
  std::string param;  // the one that was given
  json::value whole = nullptr;
  json::value decimal = nullptr;
};

Result<Amount> amount_of(const json::object& p, std::string_view key, const std::string& prefix) {
  const std::string decimal_key = std::string(key) + "_decimal";
  const json::value* whole = p.if_contains(key);
  const json::value* decimal = p.if_contains(decimal_key);
  if (whole != nullptr && decimal != nullptr)
    return exclusive(child_path(prefix, key), child_path(prefix, decimal_key));
  Amount a;
  if (whole != nullptr) {
    a = Amount{true, child_path(prefix, key), *whole,
               json::string(std::to_string(whole->as_int64()))};
  } else if (decimal != nullptr) {
    a.given = true;
    a.param = child_path(prefix, decimal_key);
    INTENTD_ASSIGN_OR_RETURN(std::string text,
                             domain::normalize_decimal_amount(decimal->as_string(), a.param));
    if (auto w = domain::whole_amount(text)) a.whole = *w;
    a.decimal = json::string(text);
  }
  return a;
}

Result<json::value> recurring_of(const json::object& r, const std::string& param) {
  const json::string& interval = r.at("interval").as_string();
  const json::value* count = r.if_contains("interval_count");
  const int64_t n = count != nullptr ? count->as_int64() : 1;
  INTENTD_TRY(domain::check_interval_count(interval, n, child_path(param, "interval_count")));
  const json::value* trial = r.if_contains("trial_period_days");
  const json::value* usage = r.if_contains("usage_type");
  return json::value(json::object{
      {"interval", interval},
      {"interval_count", n},
      {"meter", nullptr},
      {"trial_period_days", trial != nullptr ? *trial : json::value(nullptr)},
      {"usage_type", usage != nullptr ? *usage : json::value("licensed")},
  });
}

Result<json::array> tiers_of(const json::array& in, const std::string& param) {
  std::vector<std::optional<int64_t>> bounds;
  json::array out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const json::object& t = in[i].as_object();
    const std::string at = child_path(param, std::to_string(i));
    INTENTD_ASSIGN_OR_RETURN(std::optional<int64_t> up_to,
                             domain::parse_up_to(t.at("up_to").as_string(), at + "[up_to]"));
    INTENTD_ASSIGN_OR_RETURN(Amount unit, amount_of(t, "unit_amount", at));
    INTENTD_ASSIGN_OR_RETURN(Amount flat, amount_of(t, "flat_amount", at));
    if (!unit.given && !flat.given)
      return invalid("An entry in the tiers array is missing an amount.", at + "[unit_amount]");
    bounds.push_back(up_to);
    out.push_back(json::object{
        {"flat_amount", flat.whole},
        {"flat_amount_decimal", flat.decimal},
        {"unit_amount", unit.whole},
        {"unit_amount_decimal", unit.decimal},
        {"up_to", up_to ? json::value(*up_to) : json::value(nullptr)},
    });
  }
  INTENTD_TRY(domain::check_tier_bounds(bounds, param));
  return out;
}

Result<json::value> custom_unit_amount_of(const json::object& c, const std::string& param) {
  if (!c.at("enabled").as_bool())
    return invalid(
        "custom_unit_amount[enabled] must be true; leave custom_unit_amount out for "
        "a price with a fixed amount.",
        child_path(param, "enabled"));
  auto get = [&c](const char* k) -> std::optional<int64_t> {
    const json::value* v = c.if_contains(k);
    return v != nullptr ? std::optional<int64_t>(v->as_int64()) : std::nullopt;
  };
  const auto minimum = get("minimum"), maximum = get("maximum"), preset = get("preset");
  if (minimum && maximum && *minimum > *maximum)
    return invalid("The maximum must be greater than or equal to the minimum.",
                   child_path(param, "maximum"));
  if (preset && ((minimum && *preset < *minimum) || (maximum && *preset > *maximum)))
    return invalid("The preset must be between the minimum and the maximum.",
                   child_path(param, "preset"));
  auto shown = [](const std::optional<int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
  };
  return json::value(json::object{
      {"maximum", shown(maximum)}, {"minimum", shown(minimum)}, {"preset", shown(preset)}});
}

// The amount fields of a price: per unit (a fixed or a customer-chosen amount) or in tiers,
// which live in the internal state because Stripe shows them only when expanded.
Status apply_amounts(json::object& o, json::object& internal, const json::object& p,
                     const std::string& prefix) {
  auto name = [&prefix](std::string_view k) { return child_path(prefix, k); };
  INTENTD_ASSIGN_OR_RETURN(Amount unit, amount_of(p, "unit_amount", prefix));
  const json::value* custom = p.if_contains("custom_unit_amount");
  const json::value* tiers = p.if_contains("tiers");
  const json::value* mode = p.if_contains("tiers_mode");
  if (o["billing_scheme"] == "tiered") {
    if (unit.given)
      return invalid("A tiered price takes its amounts from its tiers; remove " + unit.param + ".",
                     unit.param);
    if (custom != nullptr)
      return invalid("custom_unit_amount cannot be used with billing_scheme=tiered.",
                     name("custom_unit_amount"));
    if (p.contains("transform_quantity"))
      return invalid("transform_quantity cannot be used with billing_scheme=tiered.",
                     name("transform_quantity"));
    if (tiers == nullptr || tiers->as_array().empty())
      return ApiError::parameter_missing(name("tiers"));
    if (mode == nullptr) return ApiError::parameter_missing(name("tiers_mode"));
    INTENTD_ASSIGN_OR_RETURN(json::array t, tiers_of(tiers->as_array(), name("tiers")));
    o["tiers_mode"] = *mode;
    internal["tiers"] = std::move(t);
    return Status::Ok();
  }
  if (tiers != nullptr)
    return invalid("tiers can only be set when billing_scheme is tiered.", name("tiers"));
  if (mode != nullptr)
    return invalid("tiers_mode can only be set when billing_scheme is tiered.", name("tiers_mode"));
  if (custom != nullptr) {
    if (unit.given) return exclusive(unit.param, name("custom_unit_amount"));
    if (!o["recurring"].is_null())
      return invalid("custom_unit_amount is only supported for one-time prices.",
                     name("custom_unit_amount"));
    INTENTD_ASSIGN_OR_RETURN(
        o["custom_unit_amount"],
        custom_unit_amount_of(custom->as_object(), name("custom_unit_amount")));
    return Status::Ok();
  }
  if (!unit.given) return ApiError::parameter_missing(name("unit_amount"));
  o["unit_amount"] = unit.whole;
  o["unit_amount_decimal"] = unit.decimal;
  return Status::Ok();
}

// Lookups: the product (prices of a product), active, and the lookup key (unique per
// account, so finding its holder is one index probe).
store::Record record_of(json::object o, std::optional<json::object> internal) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(o["id"].as_string());
  r.created = o["created"].as_int64();
  r.lookups.emplace_back("product", std::string(o["product"].as_string()));
  r.lookups.emplace_back("active", o["active"].as_bool() ? "true" : "false");
  if (const json::value& key = o["lookup_key"]; key.is_string())
    r.lookups.emplace_back("lookup_key", std::string(key.as_string()));
  r.data = std::move(o);
  r.internal = std::move(internal);
  return r;
}

std::optional<json::object> first_with(const Call& call, store::ReadTxn& txn,
                                       std::string_view field, std::string_view value) {
  store::ListQuery q;
  q.type = std::string(kType);
  q.lookup = store::LookupFilter{std::string(field), {std::string(value)}};
  q.limit = 1;
  auto page = txn.list(call.account, q);
  if (!page || page->data.empty()) return std::nullopt;
  return std::move(page->data.front());
}

// A lookup key names one price of the account, archived ones included. With
// transfer_lookup_key the key moves from its holder to price `self`.
Status claim_lookup_key(const Call& call, store::Txn& txn, std::string_view key,
                        std::string_view self) {
  std::optional<json::object> holder = first_with(call, txn, "lookup_key", key);
  if (!holder || holder->at("id").as_string() == self) return Status::Ok();
  const json::value* transfer = call.param("transfer_lookup_key");
  if (transfer == nullptr || !transfer->as_bool())
    return invalid("A price (`" + std::string(holder->at("id").as_string()) +
                       "`) already uses that lookup key.",
                   "lookup_key");
  const json::object before = *holder;
  (*holder)["lookup_key"] = nullptr;
  events::update(txn, call, record_of(std::move(*holder), std::nullopt), before);
  return Status::Ok();
}

// A product's default price stays active: archiving it would leave the product without one.
Status check_archivable(const Call& call, store::ReadTxn& txn, const json::object& price) {
  auto product = txn.get(call.account, products::kType, price.at("product").as_string());
  if (product && product->at("default_price") == price.at("id"))
    return invalid(
        "This price cannot be archived because it is the default price of its "
        "product. Set another default_price on the product first.",
        "active");
  return Status::Ok();
}

}  // namespace

Param create_params() {
  return Param::hash({
      {"active", Param::boolean()},
      {"billing_scheme", Param::one_of({"per_unit", "tiered"})},
      {"currency", Param::string().required()},
      {"currency_options", Param::unsupported()},
      {"custom_unit_amount", custom_unit_amount_param()},
      {"lookup_key", Param::string().max_length(200)},
      {"metadata", Param::metadata()},
      {"nickname", Param::string()},
      {"product", Param::string()},
      {"product_data", products::inline_params()},
      {"recurring", Param::hash({
                        {"interval", interval_param().required()},
                        {"interval_count", Param::integer().min(1)},
                        {"meter", Param::unsupported()},
                        {"trial_period_days", Param::integer().min(0).max(730)},
                        {"usage_type", Param::one_of({"licensed", "metered"})},
                    })},
      {"tax_behavior", tax_behavior_param()},
      {"tiers", Param::array(Param::hash({
                    {"flat_amount", amount_param()},
                    {"flat_amount_decimal", Param::string()},
                    {"unit_amount", amount_param()},
                    {"unit_amount_decimal", Param::string()},
                    {"up_to", Param::string().required()},
                }))},
      {"tiers_mode", Param::one_of({"graduated", "volume"})},
      {"transfer_lookup_key", Param::boolean()},
      {"transform_quantity", Param::hash({
                                 {"divide_by", Param::integer().min(1).required()},
                                 {"round", Param::one_of({"down", "up"}).required()},
                             })},
      {"unit_amount", amount_param()},
      {"unit_amount_decimal", Param::string()},
  });
}

Param default_price_data_param() {
  return Param::hash({
      {"currency", Param::string().required()},
      {"currency_options", Param::unsupported()},
      {"custom_unit_amount", custom_unit_amount_param()},
      {"metadata", Param::metadata()},
      {"recurring", Param::hash({
                        {"interval", interval_param().required()},
                        {"interval_count", Param::integer().min(1)},
                    })},
      {"tax_behavior", tax_behavior_param()},
      {"unit_amount", amount_param()},
      {"unit_amount_decimal", Param::string()},
  });
}

Param update_params() {
  return Param::hash({
      {"active", Param::boolean()},
      {"currency_options", Param::unsupported()},
      {"lookup_key", Param::string().max_length(200)},
      {"metadata", Param::metadata()},
      {"nickname", Param::string()},
      {"tax_behavior", tax_behavior_param()},
      {"transfer_lookup_key", Param::boolean()},
  });
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({
          {"active", Param::boolean()},
          {"currency", Param::string()},
          {"lookup_keys", Param::array(Param::string().max_length(200))},
          {"product", Param::string()},
          {"recurring", Param::hash({
                            {"interval", interval_param()},
                            {"meter", Param::unsupported()},
                            {"usage_type", Param::one_of({"licensed", "metered"})},
                        })},
          {"type", Param::one_of({"one_time", "recurring"})},
      });
}

Result<store::Record> build(const Call& call, const json::object& p, std::string_view product,
                            const std::string& prefix) {
  auto name = [&prefix](std::string_view k) { return child_path(prefix, k); };
  auto given = [&p](std::string_view k, json::value fallback) {
    const json::value* v = p.if_contains(k);
    return v != nullptr ? *v : fallback;
  };
  const std::string currency = lower(p.at("currency").as_string());
  INTENTD_TRY(domain::check_currency(currency, name("currency")));
  json::value recurring = nullptr;
  if (const json::value* r = p.if_contains("recurring")) {
    INTENTD_ASSIGN_OR_RETURN(recurring, recurring_of(r->as_object(), name("recurring")));
  }

  json::object o;
  o["id"] = new_id(kType, call.now_ms);
  o["object"] = kType.name;
  o["active"] = given("active", true);
  o["billing_scheme"] = given("billing_scheme", "per_unit");
  o["created"] = call.now;
  o["currency"] = currency;
  o["custom_unit_amount"] = nullptr;
  o["livemode"] = false;
  o["lookup_key"] = given("lookup_key", nullptr);
  o["metadata"] = json::object();
  o["nickname"] = given("nickname", nullptr);
  o["product"] = product;
  o["recurring"] = recurring;
  o["tax_behavior"] = given("tax_behavior", "unspecified");
  o["tiers_mode"] = nullptr;
  o["transform_quantity"] = nullptr;
  o["type"] = recurring.is_null() ? "one_time" : "recurring";
  o["unit_amount"] = nullptr;
  o["unit_amount_decimal"] = nullptr;
  if (const json::value* m = p.if_contains("metadata"))
    INTENTD_TRY(api::merge_metadata(o["metadata"].as_object(), *m));
  if (const json::value* t = p.if_contains("transform_quantity"))
    o["transform_quantity"] =
        json::object{{"divide_by", t->at("divide_by")}, {"round", t->at("round")}};
  json::object internal;
  INTENTD_TRY(apply_amounts(o, internal, p, prefix));
  return record_of(std::move(o), std::move(internal));
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  const json::value* product = call.param("product");
  const json::value* data = call.param("product_data");
  if (product != nullptr && data != nullptr) return exclusive("product", "product_data");
  if (product == nullptr && data == nullptr) return ApiError::parameter_missing("product");
  std::optional<store::Record> new_product;
  std::string product_id;
  if (product != nullptr) {
    product_id = product->as_string();
    INTENTD_TRY(api::load_object(txn, call, products::kType, product_id, "product", "product"));
  } else {
    INTENTD_ASSIGN_OR_RETURN(new_product,
                             products::build_inline(call, txn, data->as_object(), "product_data"));
    product_id = new_product->id;
  }
  INTENTD_ASSIGN_OR_RETURN(store::Record r, build(call, call.params, product_id, ""));
  if (const json::value* key = call.param("lookup_key"))
    INTENTD_TRY(claim_lookup_key(call, txn, key->as_string(), r.id));
  if (new_product) events::insert(txn, call, *new_product);
  events::insert(txn, call, r);
  return json::value(std::move(r.data));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object o, api::load_object(txn, call, kType, call.arg(0)));
  return json::value(std::move(o));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object o, api::load_object(txn, call, kType, call.arg(0)));
  const json::object before = o;
  for (const auto& kv : call.params) {
    std::string_view k = kv.key();
    const json::value& v = kv.value();
    if (k == "active") {
      if (!v.as_bool() && o["active"].as_bool()) INTENTD_TRY(check_archivable(call, txn, o));
      o["active"] = v;
    } else if (k == "lookup_key") {
      INTENTD_TRY(claim_lookup_key(call, txn, v.as_string(), call.arg(0)));
      o["lookup_key"] = v;
    } else if (k == "metadata") {
      INTENTD_TRY(api::merge_metadata(o["metadata"].as_object(), v));
    } else if (k == "nickname") {
      o["nickname"] = v;
    } else if (k == "tax_behavior") {
      // Once inclusive or exclusive, a price's tax treatment is fixed.
      if (o["tax_behavior"] != "unspecified" && o["tax_behavior"] != v)
        return invalid("tax_behavior cannot be changed once it is set to inclusive or exclusive.",
                       "tax_behavior");
      o["tax_behavior"] = v;
    }
    // transfer_lookup_key only qualifies lookup_key.
  }
  store::Record r = record_of(std::move(o), std::nullopt);
  events::update(txn, call, r, before);
  return json::value(std::move(r.data));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  using Check = std::function<bool(const json::object&)>;
  std::vector<Check> checks;
  // The most selective indexed filter drives the scan; the rest are checked per price.
  if (const json::value* keys = call.param("lookup_keys")) {
    if (keys->as_array().size() > kMaxLookupKeys)
      return invalid(
          "You may only specify up to " + std::to_string(kMaxLookupKeys) + " lookup keys.",
          "lookup_keys");
    store::LookupFilter f{"lookup_key", {}};
    for (const auto& k : keys->as_array()) f.values.emplace_back(k.as_string());
    q.lookup = std::move(f);
  }
  if (const json::value* product = call.param("product")) {
    if (!q.lookup)
      q.lookup = store::LookupFilter{"product", {std::string(product->as_string())}};
    else
      checks.emplace_back(
          [want = *product](const json::object& o) { return o.at("product") == want; });
  }
  if (const json::value* active = call.param("active")) {
    if (!q.lookup)
      q.lookup = store::LookupFilter{"active", {active->as_bool() ? "true" : "false"}};
    else
      checks.emplace_back(
          [want = *active](const json::object& o) { return o.at("active") == want; });
  }
  if (const json::value* type = call.param("type"))
    checks.emplace_back([want = *type](const json::object& o) { return o.at("type") == want; });
  if (const json::value* currency = call.param("currency"))
    checks.emplace_back([want = lower(currency->as_string())](const json::object& o) {
      return o.at("currency").as_string() == want;
    });
  if (const json::value* recurring = call.param("recurring"))
    for (const auto& kv : recurring->as_object())
      checks.emplace_back(
          [field = std::string(kv.key()), want = kv.value()](const json::object& o) {
            const json::value& r = o.at("recurring");
            return r.is_object() && r.as_object().at(field) == want;
          });
  if (!checks.empty())
    q.keep = [checks = std::move(checks)](const json::object& o) {
      for (const auto& check : checks)
        if (!check(o)) return false;
      return true;
    };
  return api::list_page(call, txn, q);
}

bool product_has_prices(const Call& call, store::ReadTxn& txn, std::string_view product) {
  return first_with(call, txn, "product", product).has_value();
}

void add_expandables(api::ExpandRules& rules) {
  rules.add(kType, "product", products::kType);
  // Tiers are kept beside the price and shown only when asked for, as Stripe does.
  rules.add_computed(
      kType, "tiers",
      [](const json::object& price, std::string_view account, store::ReadTxn& txn) -> json::value {
        auto internal = txn.get_internal(account, kType, price.at("id").as_string());
        if (internal)
          if (json::value* t = internal->if_contains("tiers")) return std::move(*t);
        return json::array();
      });
}

}  // namespace intentd::resources::prices
