#include "resources/customers/customers.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "base/ids.h"
#include "events/event_log.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/shared/address.h"

namespace intentd::resources::customers {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

Param invoice_settings_param() {
  return Param::hash({
      {"custom_fields", Param::array(Param::hash({
                                         {"name", Param::string().max_length(40).required()},
                                         {"value", Param::string().max_length(140).required()},
                                     }))
                            .emptyable()},
      {"default_payment_method", Param::string()},
      {"footer", Param::string()},
      {"rendering_options",
       Param::hash({
                       {"amount_tax_display",
                        Param::one_of({"exclude_tax", "include_inclusive_tax"}).emptyable()},
                       {"template", Param::string()},
                   })
           .emptyable()},
  });
}

// The params create and update share.
std::vector<api::Field> common_params() {
  return {
      {"address", address_param().emptyable()},
      {"balance", Param::integer()},
      {"business_name", Param::string().max_length(150).emptyable()},
      {"cash_balance", Param::unsupported()},
      {"description", Param::string().max_length(350)},
      {"email", Param::string().max_length(512)},
      {"individual_name", Param::string().max_length(150).emptyable()},
      {"invoice_prefix", Param::string()},
      {"invoice_settings", invoice_settings_param()},
      {"metadata", Param::metadata()},
      {"name", Param::string().max_length(256)},
      {"next_invoice_sequence", Param::integer().min(1)},
      {"phone", Param::string().max_length(20)},
      {"preferred_locales", Param::array(Param::string())},
      {"shipping", shipping_param().emptyable()},
      {"source", Param::string()},
      {"tax", Param::unsupported()},
      {"tax_exempt", Param::one_of({"none", "reverse", "exempt"}).emptyable()},
      {"validate", Param::boolean()},
  };
}

bool valid_invoice_prefix(std::string_view p) {
  if (p.size() < 3 || p.size() > 12) return false;
  for (char c : p)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

// Applies the params create and update share to `c`; ids named by params must exist.
Status apply(json::object& c, const Call& call, store::ReadTxn& txn) {
  for (const auto& kv : call.params) {
    std::string_view k = kv.key();
    const json::value& v = kv.value();
    if (k == "address") {
      c["address"] = v.is_null() ? json::value(nullptr) : json::value(render_address(v));
    } else if (k == "balance" || k == "next_invoice_sequence" || k == "description" ||
               k == "name" || k == "phone" || k == "preferred_locales") {
      c[k] = v;
    } else if (k == "business_name" || k == "individual_name") {
      if (v.is_null())
        c.erase(k);
      else
        c[k] = v;
    } else if (k == "email") {
      if (!plausible_email(v.as_string()))
        return ApiError::invalid_request("Invalid email address: " + std::string(v.as_string()),
                                         "email", "email_invalid");
      c["email"] = v;
    } else if (k == "invoice_prefix") {
      if (!valid_invoice_prefix(v.as_string()))
        return ApiError::invalid_request(
            "Invalid invoice_prefix: must be 3-12 uppercase letters or numbers.", "invoice_prefix");
      c["invoice_prefix"] = v;
    } else if (k == "invoice_settings") {
      json::object& s = c["invoice_settings"].as_object();
      for (const auto& f : v.as_object()) {
        if (f.key() == "rendering_options" && f.value().is_object()) {
          json::object ro{{"amount_tax_display", nullptr}, {"template", nullptr}};
          for (const auto& o : f.value().as_object()) ro[o.key()] = o.value();
          s["rendering_options"] = std::move(ro);
          continue;
        }
        s[f.key()] = f.value();
      }
    } else if (k == "metadata") {
      INTENTD_TRY(api::merge_metadata(c["metadata"].as_object(), v));
    } else if (k == "shipping") {
      c["shipping"] = v.is_null() ? json::value(nullptr) : json::value(render_shipping(v));
    } else if (k == "source" || k == "default_source") {
      // Sources (cards and bank accounts on the customer) arrive with the payments issue;
      // until then no id can name one.
      return ApiError::resource_missing("source", v.as_string(), std::string(k));
    } else if (k == "tax_exempt") {
      c["tax_exempt"] = v.is_null() ? json::value("none") : v;
    }
    // validate: only affects tax location checks, which intentd does not run.
  }
  return Status::Ok();
}

// The default payment method must exist and be attached to this customer.
Status check_default_payment_method(const json::object& c, const Call& call, store::ReadTxn& txn) {
  const json::value& pm_id = c.at("invoice_settings").at("default_payment_method");
  if (!pm_id.is_string()) return Status::Ok();
  const std::string param = "invoice_settings[default_payment_method]";
  INTENTD_ASSIGN_OR_RETURN(
      json::object pm,
      api::load_object(txn, call, "payment_method", pm_id.as_string(), param, "PaymentMethod"));
  const json::value& owner = pm.at("customer");
  if (!owner.is_string() || owner.as_string() != c.at("id").as_string())
    return ApiError::invalid_request("The customer does not have a payment method with the ID " +
                                         std::string(pm_id.as_string()) +
                                         ". The payment method must be attached to the customer.",
                                     param);
  return Status::Ok();
}

store::Record record_of(json::object c) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(c["id"].as_string());
  r.created = c["created"].as_int64();
  if (const auto* email = c.if_contains("email"); email && email->is_string())
    r.lookups.emplace_back("email", std::string(email->as_string()));
  r.data = std::move(c);
  return r;
}

}  // namespace

Param create_params() {
  return Param::hash(common_params())
      .with({
          {"payment_method", Param::string()},
          {"tax_id_data", Param::unsupported()},
          {"test_clock", Param::unsupported()},
      });
}

Param update_params() {
  return Param::hash(common_params()).with({{"default_source", Param::string()}});
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({
          {"email", Param::string().max_length(512)},
          {"test_clock", Param::unsupported()},
      });
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  json::object c;
  c["id"] = new_id(kType, call.now_ms);
  c["object"] = kType.name;
  c["address"] = nullptr;
  c["balance"] = 0;
  c["created"] = call.now;
  c["currency"] = nullptr;
  c["default_source"] = nullptr;
  c["delinquent"] = false;
  c["description"] = nullptr;
  c["discount"] = nullptr;
  c["email"] = nullptr;
  c["invoice_prefix"] = random_string("0123456789ABCDEF", 8);
  c["invoice_settings"] = json::object{{"custom_fields", nullptr},
                                       {"default_payment_method", nullptr},
                                       {"footer", nullptr},
                                       {"rendering_options", nullptr}};
  c["livemode"] = false;
  c["metadata"] = json::object();
  c["name"] = nullptr;
  c["next_invoice_sequence"] = 1;
  c["phone"] = nullptr;
  c["preferred_locales"] = json::array();
  c["shipping"] = nullptr;
  c["tax_exempt"] = "none";
  c["test_clock"] = nullptr;
  INTENTD_TRY(apply(c, call, txn));
  store::Record r = record_of(std::move(c));
  events::insert(txn, call, r);
  if (const json::value* ref = call.param("payment_method")) {
    INTENTD_ASSIGN_OR_RETURN(
        payment_methods::Instrument pm,
        payment_methods::resolve(call, txn, ref->as_string(), "payment_method"));
    INTENTD_TRY(payment_methods::attach_to_customer(call, txn, pm, r.id));
  }
  INTENTD_TRY(check_default_payment_method(r.data, call, txn));
  return json::value(std::move(r.data));
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object c, api::load_object(txn, call, kType, call.arg(0)));
  return json::value(std::move(c));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object c, api::load_object(txn, call, kType, call.arg(0)));
  const json::object before = c;
  INTENTD_TRY(apply(c, call, txn));
  INTENTD_TRY(check_default_payment_method(c, call, txn));
  store::Record r = record_of(std::move(c));
  events::update(txn, call, r, before);
  return json::value(std::move(r.data));
}

Result<json::value> remove(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object c, api::load_object(txn, call, kType, call.arg(0)));
  events::erase(txn, call, kType, c);
  return json::value(api::deleted_object(call.arg(0), kType));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  if (const auto* email = call.param("email"))
    q.lookup = store::LookupFilter{"email", {std::string(email->as_string())}};
  return api::list_page(call, txn, q);
}

// A deliberately loose check: one '@' with something on both sides and a dot in the domain.
bool plausible_email(std::string_view e) {
  auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos)
    return false;
  auto domain = e.substr(at + 1);
  auto dot = domain.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
         domain.find(' ') == std::string_view::npos && e.find(' ') == std::string_view::npos;
}

void add_expandables(api::ExpandRules& rules) {
  rules.add(kType, "default_source", "source");
  rules.add(kType, "invoice_settings.default_payment_method", payment_methods::kType);
  rules.add(kType, "test_clock", "test_helpers.test_clock");
}

}  // namespace intentd::resources::customers
