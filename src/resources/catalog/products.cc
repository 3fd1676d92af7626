#include "resources/catalog/products.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdlib>
#include <functional>
#include <vector>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "base/ids.h"
#include "domain/pricing.h"
#include "events/event_log.h"
#include "resources/catalog/prices.h"

namespace intentd::resources::products {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

constexpr std::size_t kMaxImages = 8;
constexpr std::size_t kMaxMarketingFeatures = 15;

Param package_dimensions_param() {
  // Decimal inches and ounces; the form carries them as strings.
  return Param::hash({
      {"height", Param::string().required()},
      {"length", Param::string().required()},
      {"weight", Param::string().required()},
      {"width", Param::string().required()},
  });
}

Param marketing_features_param() {
  return Param::array(Param::hash({{"name", Param::string().max_length(80).required()}}));
}

// The params create and update share; update lets most of them be unset with "".
std::vector<api::Field> common_params(bool unsettable) {
  auto maybe = [unsettable](Param p) { return unsettable ? p.emptyable() : p; };
  return {
      {"active", Param::boolean()},
      {"description", maybe(Param::string().max_length(40000))},
      {"images", Param::array(Param::string()).emptyable()},
      {"marketing_features", marketing_features_param().emptyable()},
      {"metadata", Param::metadata()},
      {"package_dimensions", maybe(package_dimensions_param())},
      {"shippable", Param::boolean()},
      {"statement_descriptor", Param::string().max_length(22)},
      {"tax_code", maybe(Param::string())},
      {"unit_label", maybe(Param::string().max_length(12))},
      {"url", maybe(Param::string())},
  };
}

// A dimension as JSON: whole numbers stay integers, so they render as Stripe shows them.
Result<json::value> dimension(const json::value& raw, const std::string& param) {
  INTENTD_ASSIGN_OR_RETURN(std::string text,
                           domain::normalize_decimal_amount(raw.as_string(), param));
  if (auto whole = domain::whole_amount(text)) return json::value(*whole);
  return json::value(std::strtod(text.c_str(), nullptr));
}

// Applies the product params in `params` (create, update or inline) to `p`; ids and prices
// are the callers' business.
Status apply(json::object& p, const json::object& params, const std::string& prefix) {
  for (const auto& kv : params) {
    std::string_view k = kv.key();
    const json::value& v = kv.value();
    const std::string param = api::child_path(prefix, k);
    if (k == "active" || k == "description" || k == "name" || k == "shippable" ||
        k == "statement_descriptor" || k == "tax_code" || k == "type" || k == "unit_label" ||
        k == "url") {
      p[k] = v;
    } else if (k == "images") {
      if (v.is_array() && v.as_array().size() > kMaxImages)
        return ApiError::invalid_request(
            "You may only specify up to " + std::to_string(kMaxImages) + " images.", param);
      p["images"] = v.is_null() ? json::value(json::array()) : v;
    } else if (k == "marketing_features") {
      if (v.is_array() && v.as_array().size() > kMaxMarketingFeatures)
        return ApiError::invalid_request("You may only specify up to " +
                                             std::to_string(kMaxMarketingFeatures) +
                                             " marketing features.",
                                         param);
      p["marketing_features"] = v.is_null() ? json::value(json::array()) : v;
    } else if (k == "metadata") {
      INTENTD_TRY(api::merge_metadata(p["metadata"].as_object(), v));
    } else if (k == "package_dimensions") {
      if (v.is_null()) {
        p["package_dimensions"] = nullptr;
        continue;
      }
      json::object d;
      for (const char* side : {"height", "length", "weight", "width"}) {
        INTENTD_ASSIGN_OR_RETURN(d[side],
                                 dimension(v.as_object().at(side), api::child_path(param, side)));
      }
      p["package_dimensions"] = std::move(d);
    }
  }
  return Status::Ok();
}

// A new product from create-style `params`, with its id checked when the caller chose one.
Result<json::object> build(const Call& call, store::ReadTxn& txn, const json::object& params,
                           const std::string& prefix) {
  json::object p;
  p["id"] = new_id(kType, call.now_ms);
  if (const json::value* id = params.if_contains("id")) {
    // Ids are unique per account whatever the type, so one the client chose may be taken.
    if (txn.has_id(call.account, id->as_string()))
      return ApiError::invalid_request("Product already exists.", api::child_path(prefix, "id"),
                                       "resource_already_exists");
    p["id"] = *id;
  }
  p["object"] = kType.name;
  p["active"] = true;
  p["created"] = call.now;
  p["default_price"] = nullptr;
  p["description"] = nullptr;
  p["images"] = json::array();
  p["livemode"] = false;
  p["marketing_features"] = json::array();
  p["metadata"] = json::object();
  p["name"] = nullptr;
  p["package_dimensions"] = nullptr;
  p["shippable"] = nullptr;
  p["statement_descriptor"] = nullptr;
  p["tax_code"] = nullptr;
  p["type"] = "service";
  p["unit_label"] = nullptr;
  p["updated"] = call.now;
  p["url"] = nullptr;
  INTENTD_TRY(apply(p, params, prefix));
  return p;
}

// ids[] is answered from the index too: each product is one lookup row under its own id.
store::Record record_of(json::object p) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(p["id"].as_string());
  r.created = p["created"].as_int64();
  r.lookups.emplace_back("active", p["active"].as_bool() ? "true" : "false");
  r.lookups.emplace_back("id", r.id);
  r.data = std::move(p);
  return r;
}

// The default price must be one of this product's own prices.
Status set_default_price(json::object& p, const Call& call, store::ReadTxn& txn,
                         std::string_view price_id) {
  INTENTD_ASSIGN_OR_RETURN(json::object price, api::load_object(txn, call, prices::kType, price_id,
                                                                "default_price", "price"));
  if (price.at("product") != p.at("id"))
    return ApiError::invalid_request("The price " + std::string(price_id) + " belongs to product " +
                                         std::string(price.at("product").as_string()) +
                                         "; a product's default price must be one of its own "
                                         "prices.",
                                     "default_price");
  p["default_price"] = price_id;
  return Status::Ok();
}

}  // namespace

Param create_params() {
  return Param::hash(common_params(false))
      .with({
          {"default_price_data", prices::default_price_data_param()},
          {"id", Param::string()},
          {"name", Param::string().required()},
          {"type", Param::one_of({"good", "service"})},
      });
}

Param update_params() {
  return Param::hash(common_params(true))
      .with({
          {"default_price", Param::string()},
          {"name", Param::string()},
      });
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({
          {"active", Param::boolean()},
          {"ids", Param::array(Param::string())},
          {"shippable", Param::boolean()},
          {"type", Param::one_of({"good", "service"})},
          {"url", Param::string()},
      });
}

Param inline_params() {
  return Param::hash({
      {"active", Param::boolean()},
      {"id", Param::string()},
      {"metadata", Param::metadata()},
      {"name", Param::string().required()},
      {"statement_descriptor", Param::string().max_length(22)},
      {"tax_code", Param::string()},
      {"unit_label", Param::string().max_length(12)},
  });
}

Result<store::Record> build_inline(const Call& call, store::ReadTxn& txn, const json::object& data,
                                   const std::string& prefix) {
  INTENTD_ASSIGN_OR_RETURN(json::object p, build(call, txn, data, prefix));
  return record_of(std::move(p));
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object p, build(call, txn, call.params, ""));
  // A default price is written after its product (it names it), yet the product is announced
  // with its default_price already set, as Stripe does.
  std::optional<store::Record> price;
  if (const json::value* d = call.param("default_price_data")) {
    INTENTD_ASSIGN_OR_RETURN(
        price, prices::build(call, d->as_object(), p["id"].as_string(), "default_price_data"));
    p["default_price"] = price->id;
  }
  store::Record r = record_of(std::move(p));
  events::insert(txn, call, r);
  if (price) events::insert(txn, call, *price);
  return json::value(std::move(r.data));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object p, api::load_object(txn, call, kType, call.arg(0)));
  return json::value(std::move(p));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object p, api::load_object(txn, call, kType, call.arg(0)));
  const json::object before = p;
  INTENTD_TRY(apply(p, call.params, ""));
  if (const json::value* d = call.param("default_price"))
    INTENTD_TRY(set_default_price(p, call, txn, d->as_string()));
  if (p != before) p["updated"] = call.now;
  store::Record r = record_of(std::move(p));
  events::update(txn, call, r, before);
  return json::value(std::move(r.data));
}

Result<json::value> remove(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object p, api::load_object(txn, call, kType, call.arg(0)));
  if (prices::product_has_prices(call, txn, call.arg(0)))
    return ApiError::invalid_request(
        "This product cannot be deleted because it has one or more user-created prices.");
  events::erase(txn, call, kType, p);
  return json::value(api::deleted_object(call.arg(0), kType));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  // The index answers ids[] or active; the other filters are checked on each product.
  std::vector<std::function<bool(const json::object&)>> checks;
  const json::value* ids = call.param("ids");
  if (ids != nullptr) {
    store::LookupFilter f{"id", {}};
    for (const auto& id : ids->as_array()) f.values.emplace_back(id.as_string());
    q.lookup = std::move(f);
  }
  for (const char* field : {"active", "shippable", "type", "url"}) {
    const json::value* want = call.param(field);
    if (want == nullptr) continue;
    if (!q.lookup && std::string_view(field) == "active") {
      q.lookup = store::LookupFilter{"active", {want->as_bool() ? "true" : "false"}};
      continue;
    }
    checks.emplace_back([field, want = *want](const json::object& p) {
      const json::value* have = p.if_contains(field);
      return have != nullptr && *have == want;
    });
  }
  if (!checks.empty())
    q.keep = [checks = std::move(checks)](const json::object& p) {
      for (const auto& check : checks)
        if (!check(p)) return false;
      return true;
    };
  return api::list_page(call, txn, q);
}

void add_expandables(api::ExpandRules& rules) {
  rules.add(kType, "default_price", prices::kType);
  rules.add(kType, "tax_code", "tax_code");
}

}  // namespace intentd::resources::products
