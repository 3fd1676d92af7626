#include "resources/checkout/checkout_sessions.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cctype>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "api/urls.h"
#include "base/ids.h"
#include "domain/money.h"
#include "domain/price_amount.h"
#include "events/event_log.h"
#include "resources/catalog/prices.h"
#include "resources/catalog/products.h"
#include "resources/checkout/checkout_expiry.h"
#include "resources/checkout/checkout_session_state.h"
#include "resources/customers/customers.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/setup_intents/setup_intent_state.h"
#include "resources/setup_intents/setup_intents.h"
#include "resources/shared/intent_methods.h"
#include "resources/shared/intent_owner.h"

namespace intentd::resources::checkout_sessions {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

constexpr int64_t kDefaultLifetime = 24 * 3600;
constexpr int64_t kShortestLifetime = 30 * 60;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ApiError invalid(std::string message, std::string param) {
  return ApiError::invalid_request(std::move(message), std::move(param));
}

// line_items[][price_data][product_data]: Checkout's own set (description and images, which
// the product_data of /v1/prices does not take; no id, active or statement_descriptor).
Param product_data_param() {
  return Param::hash({
      {"description", Param::string().max_length(40000)},
      {"images", Param::array(Param::string())},
      {"metadata", Param::metadata()},
      {"name", Param::string().required()},
      {"tax_code", Param::string()},
      {"tax_details", Param::unsupported()},
      {"unit_label", Param::string().max_length(12)},
  });
}

Param price_data_param() {
  return Param::hash({
      {"currency", Param::string().required()},
      {"product", Param::string()},
      {"product_data", product_data_param()},
      {"recurring",
       Param::hash({{"interval", Param::one_of({"day", "week", "month", "year"}).required()},
                    {"interval_count", Param::integer().min(1)}})},
      {"tax_behavior", Param::one_of({"exclusive", "inclusive", "unspecified"})},
      {"unit_amount", Param::integer().min(0)},
      {"unit_amount_decimal", Param::string()},
  });
}

Param line_item_param() {
  return Param::hash({
      {"adjustable_quantity", Param::unsupported()},
      {"dynamic_tax_rates", Param::unsupported()},
      {"metadata", Param::metadata()},
      {"price", Param::string()},
      {"price_data", price_data_param()},
      {"quantity", Param::integer().min(1).max(999999)},
      {"tax_rates", Param::unsupported()},
  });
}

// One line: its price (an existing active one, or one made from price_data) and what it costs.
Result<json::object> line_item(const Call& call, store::Txn& txn, const json::object& in,
                               const std::string& at) {
  const json::value* price_id = in.if_contains("price");
  const json::value* data = in.if_contains("price_data");
  if ((price_id == nullptr) == (data == nullptr))
    return invalid("You must specify exactly one of `price` or `price_data` for each line item.",
                   at + "[price]");
  const json::value* quantity = in.if_contains("quantity");
  if (quantity == nullptr)
    return ApiError::invalid_request("Quantity is required. Add `quantity` to `" + at + "`.",
                                     at + "[quantity]", "parameter_missing");
  json::object price;
  std::optional<json::object> internal;
  if (price_id != nullptr) {
    INTENTD_ASSIGN_OR_RETURN(
        price, api::load_object(txn, call, prices::kType, price_id->as_string(), at + "[price]"));
    if (!price.at("active").as_bool())
      return invalid("The price specified is inactive. This field only accepts active prices.",
                     at + "[price]");
    internal = txn.get_internal(call.account, prices::kType, price_id->as_string());
  } else {
    json::object d = data->as_object();
    const json::value* product = d.if_contains("product");
    const json::value* product_data = d.if_contains("product_data");
    if ((product == nullptr) == (product_data == nullptr))
      return invalid("You must specify exactly one of `product` or `product_data`.",
                     at + "[price_data][product]");
    std::string product_id;
    if (product != nullptr) {
      INTENTD_ASSIGN_OR_RETURN(json::object p,
                               api::load_object(txn, call, products::kType, product->as_string(),
                                                at + "[price_data][product]"));
      product_id = std::string(p.at("id").as_string());
    } else {
      INTENTD_ASSIGN_OR_RETURN(store::Record p,
                               products::build_inline(call, txn, product_data->as_object(),
                                                      at + "[price_data][product_data]"));
      product_id = p.id;
      events::insert(txn, call, p);
    }
    d.erase("product");
    d.erase("product_data");
    d["currency"] = lower(d.at("currency").as_string());
    // Prices made for one session are not for sale elsewhere: they are created archived.
    d["active"] = false;
    INTENTD_ASSIGN_OR_RETURN(store::Record r,
                             prices::build(call, d, product_id, at + "[price_data]"));
    events::insert(txn, call, r);
    price = r.data.empty() ? json::parse(r.data_text).as_object() : r.data;
    internal = r.internal;
  }
  const json::array* tiers = nullptr;
  if (internal)
    if (const json::value* t = internal->if_contains("tiers"); t && t->is_array())
      tiers = &t->as_array();
  const int64_t n = quantity->as_int64();
  INTENTD_ASSIGN_OR_RETURN(int64_t amount, domain::price_amount(price, tiers, n, at + "[price]"));
  auto product = txn.get(call.account, products::kType, price.at("product").as_string());
  const json::value description = product ? product->at("name") : json::value(price.at("product"));
  return json::object{{"id", new_id(kLineItem, call.now_ms)},
                      {"object", kLineItem.name},
                      {"amount_discount", 0},
                      {"amount_subtotal", amount},
                      {"amount_tax", 0},
                      {"amount_total", amount},
                      {"currency", price.at("currency")},
                      {"description", description},
                      {"metadata", in.contains("metadata") ? in.at("metadata") : json::object()},
                      {"price", std::move(price)},
                      {"quantity", n}};
}

// The payment method types the page offers when the session names none.
json::array default_types(const json::value& currency) {
  json::array t{"card"};
  if (currency == "eur") t.emplace_back("sepa_debit");
  return t;
}

// The SetupIntent a setup-mode session collects the payment method with.
Result<std::string> create_setup_intent(const Call& call, store::Txn& txn, const Session& s) {
  json::object raw{{"usage", "off_session"}};
  if (const json::value& c = s.object.at("customer"); c.is_string()) raw["customer"] = c;
  json::array types;
  for (const auto& t : s.object.at("payment_method_types").as_array()) types.push_back(t);
  raw["payment_method_types"] = std::move(types);
  if (const json::value* d = call.param("setup_intent_data"))
    for (const auto& kv : d->as_object()) raw[kv.key()] = kv.value();
  Call inner = call;
  inner.params = std::move(raw);
  INTENTD_ASSIGN_OR_RETURN(json::value si, setup_intents::create(inner, txn));
  const std::string id(si.at("id").as_string());
  auto stored = setup_intents::load(txn, call.account, id);
  set_owner(stored->internal, Owner{std::string(kType), s.id()});
  setup_intents::save(txn, events::Origin::of(call), *stored);
  return id;
}

}  // namespace

Param create_params() {
  const Param unsupported = Param::unsupported();
  return Param::hash({
      {"adaptive_pricing", unsupported},
      {"after_expiration", unsupported},
      {"allow_promotion_codes", Param::boolean()},
      {"automatic_tax",
       Param::hash({{"enabled", Param::boolean().required()}, {"liability", unsupported}})},
      {"billing_address_collection", Param::one_of({"auto", "required"})},
      {"branding_settings", unsupported},
      {"cancel_url", Param::string()},
      {"client_reference_id", Param::string().max_length(200)},
      {"consent_collection", unsupported},
      {"currency", Param::string()},
      {"custom_fields", unsupported},
      {"custom_text", unsupported},
      {"customer", Param::string()},
      {"customer_account", unsupported},
      {"customer_creation", Param::one_of({"always", "if_required"})},
      {"customer_email", Param::string()},
      {"customer_update", unsupported},
      {"discounts", unsupported},
      {"excluded_payment_method_types", unsupported},
      {"expires_at", Param::integer()},
      {"integration_identifier", unsupported},
      {"invoice_creation", unsupported},
      {"line_items", Param::array(line_item_param())},
      {"locale",
       Param::one_of({"auto",   "bg", "cs",    "da",    "de",   "el",    "en", "en-GB", "es",
                      "es-419", "et", "fi",    "fil",   "fr",   "fr-CA", "hr", "hu",    "id",
                      "it",     "ja", "ko",    "lt",    "lv",   "ms",    "mt", "nb",    "nl",
                      "pl",     "pt", "pt-BR", "ro",    "ru",   "sk",    "sl", "sv",    "th",
                      "tr",     "vi", "zh",    "zh-HK", "zh-TW"})},
      {"managed_payments", unsupported},
      {"metadata", Param::metadata()},
      {"mode", Param::one_of({"payment", "setup", "subscription"}).required()},
      {"name_collection", unsupported},
      {"optional_items", unsupported},
      {"origin_context", unsupported},
      {"payment_intent_data",
       Param::hash({{"application_fee_amount", unsupported},
                    {"capture_method", Param::one_of({"automatic", "automatic_async", "manual"})},
                    {"description", Param::string().max_length(1000)},
                    {"metadata", Param::metadata()},
                    {"on_behalf_of", unsupported},
                    {"receipt_email", Param::string()},
                    {"setup_future_usage", Param::one_of({"off_session", "on_session"})},
                    {"shipping", unsupported},
                    {"statement_descriptor", Param::string().max_length(22)},
                    {"statement_descriptor_suffix", Param::string().max_length(22)},
                    {"transfer_data", unsupported},
                    {"transfer_group", unsupported}})},
      {"payment_method_collection", Param::one_of({"always", "if_required"})},
      {"payment_method_configuration", unsupported},
      {"payment_method_data", unsupported},
      {"payment_method_options", unsupported},
      {"payment_method_types", Param::array(Param::string())},
      {"permissions", unsupported},
      {"phone_number_collection", Param::hash({{"enabled", Param::boolean().required()}})},
      {"redirect_on_completion", unsupported},
      {"return_url", unsupported},
      {"saved_payment_method_options", unsupported},
      {"setup_intent_data", Param::hash({{"description", Param::string().max_length(1000)},
                                         {"metadata", Param::metadata()},
                                         {"on_behalf_of", unsupported}})},
      {"shipping_address_collection", unsupported},
      {"shipping_options", unsupported},
      {"submit_type", Param::one_of({"auto", "book", "donate", "pay", "subscribe"})},
      {"subscription_data", Param::hash({{"description", Param::string()},
                                         {"metadata", Param::metadata()},
                                         {"trial_period_days", Param::integer().min(1).max(730)},
                                         {"billing_cycle_anchor", unsupported},
                                         {"default_tax_rates", unsupported},
                                         {"trial_end", unsupported},
                                         {"trial_settings", unsupported}})},
      {"success_url", Param::string()},
      {"tax_id_collection", unsupported},
      {"ui_mode", Param::one_of({"custom", "elements", "embedded", "embedded_page", "form",
                                 "hosted", "hosted_page"})},
      {"wallet_options", unsupported},
  });
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({{"customer", Param::string()},
             {"customer_account", Param::unsupported()},
             {"customer_details", Param::hash({{"email", Param::string().required()}})},
             {"payment_intent", Param::string()},
             {"payment_link", Param::unsupported()},
             {"status", Param::one_of({"complete", "expired", "open"})},
             {"subscription", Param::unsupported()}});
}

Param line_items_params() {
  return Param::hash(api::list_params());
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  const std::string mode(call.param("mode")->as_string());
  const json::value* line_items = call.param("line_items");
  const json::value* currency = call.param("currency");
  const json::value* types = call.param("payment_method_types");
  const json::value* customer = call.param("customer");

  if (const json::value* ui = call.param("ui_mode"); ui && *ui != "hosted" && *ui != "hosted_page")
    return invalid("intentd serves hosted Checkout pages only: ui_mode must be hosted_page.",
                   "ui_mode");
  if (const json::value* tax = call.param("automatic_tax");
      tax && tax->as_object().at("enabled").as_bool())
    return invalid("intentd does not calculate taxes: automatic_tax[enabled] must be false.",
                   "automatic_tax[enabled]");
  if (mode == "setup") {
    if (line_items != nullptr)
      return invalid("You cannot pass `line_items` in `setup` mode.", "line_items");
    if (currency == nullptr && types == nullptr)
      return ApiError::invalid_request(
          "`currency` is required in `setup` mode when using dynamic payment methods. Pass "
          "`currency`, or list the `payment_method_types` to offer.",
          "currency", "parameter_missing");
  } else if (line_items == nullptr || line_items->as_array().empty()) {
    return ApiError::invalid_request("`line_items` is required in `" + mode + "` mode.",
                                     "line_items", "parameter_missing");
  }
  if (mode != "payment" && call.param("payment_intent_data"))
    return invalid("You can only pass `payment_intent_data` in `payment` mode.",
                   "payment_intent_data");
  if (mode != "setup" && call.param("setup_intent_data"))
    return invalid("You can only pass `setup_intent_data` in `setup` mode.", "setup_intent_data");
  if (mode != "subscription" && call.param("subscription_data"))
    return invalid("You can only pass `subscription_data` in `subscription` mode.",
                   "subscription_data");
  if (customer != nullptr && call.param("customer_email"))
    return ApiError::invalid_request(
        "You may only specify one of these parameters: customer, customer_email.", "customer",
        "parameters_exclusive");
  if (const json::value* c = call.param("customer_creation")) {
    if (customer != nullptr)
      return invalid("`customer_creation` cannot be used together with `customer`.",
                     "customer_creation");
    if (mode == "subscription")
      return invalid(
          "`customer_creation` can only be used in `payment` and `setup` mode: subscriptions "
          "always create a customer.",
          "customer_creation");
    (void)c;
  }
  for (const char* url : {"success_url", "cancel_url"})
    if (const json::value* u = call.param(url))
      INTENTD_TRY(api::check_url(u->as_string(), url, api::UrlKind::kRedirect));
  if (currency != nullptr) INTENTD_TRY(domain::check_currency(currency->as_string()));
  if (types != nullptr) INTENTD_TRY(check_payment_method_types(*types));
  INTENTD_TRY(check_customer_param(txn, call));
  int64_t expires_at = call.now + kDefaultLifetime;
  if (const json::value* e = call.param("expires_at")) {
    expires_at = e->as_int64();
    if (expires_at < call.now + kShortestLifetime || expires_at > call.now + kDefaultLifetime)
      return invalid(
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from the Checkout "
          "Session's creation.",
          "expires_at");
  }

  // The order's lines: one currency, one-time prices in payment mode, at least one recurring
  // price in subscription mode.
  json::array items;
  // Currencies are lowercase, however they were sent.
  json::value session_currency =
      currency ? json::value(lower(currency->as_string())) : json::value(nullptr);
  int64_t total = 0;
  bool recurring = false;
  if (line_items != nullptr) {
    const json::array& in = line_items->as_array();
    for (std::size_t i = 0; i < in.size(); ++i) {
      const std::string at = "line_items[" + std::to_string(i) + "]";
      INTENTD_ASSIGN_OR_RETURN(json::object item, line_item(call, txn, in[i].as_object(), at));
      const json::object& price = item.at("price").as_object();
      if (session_currency.is_null()) session_currency = price.at("currency");
      if (price.at("currency") != session_currency)
        return invalid(
            "Checkout Sessions take one currency: every line item's price must be "
            "in " +
                std::string(session_currency.as_string()) + ".",
            at + "[price]");
      const bool is_recurring = price.at("type") == "recurring";
      if (is_recurring && mode == "payment")
        return invalid(
            "You specified `payment` mode but passed a recurring price. Either switch to "
            "`subscription` mode or use only one-time prices.",
            at + "[price]");
      recurring = recurring || is_recurring;
      total += item.at("amount_total").as_int64();
      items.push_back(std::move(item));
    }
    if (mode == "subscription" && !recurring)
      return invalid(
          "You must provide at least one recurring price in `subscription` mode when "
          "using prices.",
          "line_items");
    if (mode == "payment")
      INTENTD_TRY(domain::check_charge_amount(total, session_currency.as_string(), "line_items"));
  }

  const std::string id = new_id(kType, call.now_ms);
  Session s;
  const bool pays = mode != "setup";
  s.object = json::object{
      {"id", id},
      {"object", kType.name},
      {"adaptive_pricing", nullptr},
      {"after_expiration", nullptr},
      {"allow_promotion_codes", call.param("allow_promotion_codes")
                                    ? *call.param("allow_promotion_codes")
                                    : json::value(nullptr)},
      {"amount_subtotal", pays ? json::value(total) : json::value(nullptr)},
      {"amount_total", pays ? json::value(total) : json::value(nullptr)},
      {"automatic_tax",
       json::object{
           {"enabled", false}, {"liability", nullptr}, {"provider", nullptr}, {"status", nullptr}}},
      {"billing_address_collection", nullptr},
      {"cancel_url", nullptr},
      {"client_reference_id", nullptr},
      {"client_secret", nullptr},
      {"collected_information", nullptr},
      {"consent", nullptr},
      {"consent_collection", nullptr},
      {"created", call.now},
      {"currency", session_currency},
      {"currency_conversion", nullptr},
      {"custom_fields", json::array()},
      {"custom_text", json::object{{"after_submit", nullptr},
                                   {"shipping_address", nullptr},
                                   {"submit", nullptr},
                                   {"terms_of_service_acceptance", nullptr}}},
      {"customer", customer ? *customer : json::value(nullptr)},
      {"customer_account", nullptr},
      {"customer_creation",
       mode == "subscription" ? json::value(nullptr) : json::value("if_required")},
      {"customer_details", nullptr},
      {"customer_email", nullptr},
      {"discounts", json::array()},
      {"expires_at", expires_at},
      {"integration_identifier", nullptr},
      {"invoice", nullptr},
      {"invoice_creation", nullptr},
      {"livemode", false},
      {"locale", nullptr},
      {"managed_payments", nullptr},
      {"metadata", json::object()},
      {"mode", mode},
      {"origin_context", nullptr},
      {"payment_intent", nullptr},
      {"payment_link", nullptr},
      {"payment_method_collection",
       mode == "payment" ? json::value(nullptr) : json::value("always")},
      {"payment_method_configuration_details", nullptr},
      {"payment_method_options", json::object()},
      {"payment_method_types", types ? *types : json::value(default_types(session_currency))},
      {"payment_status", mode == "setup" ? "no_payment_required" : "unpaid"},
      {"permissions", nullptr},
      {"phone_number_collection", json::object{{"enabled", false}}},
      {"recovered_from", nullptr},
      {"saved_payment_method_options", nullptr},
      {"setup_intent", nullptr},
      {"shipping_address_collection", nullptr},
      {"shipping_cost", nullptr},
      {"shipping_options", json::array()},
      {"status", "open"},
      {"submit_type", nullptr},
      {"subscription", nullptr},
      {"success_url", nullptr},
      {"total_details",
       pays ? json::value(
                  json::object{{"amount_discount", 0}, {"amount_shipping", 0}, {"amount_tax", 0}})
            : json::value(nullptr)},
      // The 2026-03-25.dahlia name of what older versions called `hosted`.
      {"ui_mode", "hosted_page"},
      {"url", call.settings->public_url + "/intentd/checkout/" + call.account + "/" + id},
      {"wallet_options", nullptr}};
  for (const char* k :
       {"billing_address_collection", "cancel_url", "client_reference_id", "customer_creation",
        "customer_email", "locale", "submit_type", "success_url", "phone_number_collection"})
    if (const json::value* v = call.param(k)) s.object[k] = *v;
  if (const json::value* m = call.param("metadata"))
    INTENTD_TRY(api::merge_metadata(s.object["metadata"].as_object(), *m));
  s.internal["line_items"] = std::move(items);
  for (const char* k : {"payment_intent_data", "subscription_data"})
    if (const json::value* v = call.param(k)) s.internal[k] = *v;

  if (mode == "setup") {
    INTENTD_ASSIGN_OR_RETURN(std::string seti, create_setup_intent(call, txn, s));
    s.object["setup_intent"] = seti;
  }
  const events::Origin origin = events::Origin::of(call);
  insert(txn, origin, s);
  schedule_expiry(txn, origin, id, expires_at);
  return json::value(std::move(s.object));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Session s, load(txn, call, call.arg(0)));
  return json::value(std::move(s.object));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  std::vector<std::pair<std::string, std::string>> filters;
  for (const char* field : {"payment_intent", "customer", "status"})
    if (const json::value* v = call.param(field))
      filters.emplace_back(field, std::string(v->as_string()));
  if (!filters.empty()) {
    q.lookup = store::LookupFilter{filters.front().first, {filters.front().second}};
    filters.erase(filters.begin());
  }
  std::string email;
  if (const json::value* d = call.param("customer_details"))
    email = d->as_object().at("email").as_string();
  if (!filters.empty() || !email.empty())
    q.keep = [filters, email](const json::object& o) {
      for (const auto& [field, value] : filters)
        if (!o.at(field).is_string() || o.at(field).as_string() != value) return false;
      if (email.empty()) return true;
      const json::value& d = o.at("customer_details");
      return d.is_object() && d.as_object().at("email").is_string() &&
             d.as_object().at("email").as_string() == email;
    };
  return api::list_page(call, txn, q);
}

Result<json::value> expire(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Session s, load(txn, call, call.arg(0)));
  if (!allowed(CheckoutSessionOperation::kExpire, s.status()))
    return unexpected_state(CheckoutSessionOperation::kExpire, s.status());
  checkout_sessions::expire(txn, events::Origin::of(call), s);
  return json::value(std::move(s.object));
}

Result<json::value> list_line_items(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Session s, load(txn, call, call.arg(0)));
  json::value all = line_items_list(s);
  json::object& list = all.as_object();
  return api::page_of(call, std::move(list["data"].as_array()),
                      std::string(list["url"].as_string()));
}

void add_expandables(api::ExpandRules& rules) {
  const std::string type(kType);
  rules.add(type, "customer", customers::kType);
  rules.add(type, "payment_intent", payment_intents::kType);
  rules.add(type, "setup_intent", setup_intents::kType);
  // A line item's price is embedded: expand[]=data.price.product reaches into it.
  rules.add(kLineItem, "price", prices::kType);
  rules.add_computed(type, "line_items",
                     [](const json::object& o, std::string_view account, store::ReadTxn& txn) {
                       auto s = load(txn, account, o.at("id").as_string());
                       return s ? line_items_list(*s) : json::value(nullptr);
                     });
}

}  // namespace intentd::resources::checkout_sessions
