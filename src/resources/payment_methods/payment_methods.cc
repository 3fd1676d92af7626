#include "resources/payment_methods/payment_methods.h"

#include <boost/json/array.hpp>

#include "api/list.h"
#include "api/metadata.h"
#include "api/objects.h"
#include "base/ids.h"
#include "base/json_text.h"
#include "events/event_log.h"
#include "resources/customers/customers.h"
#include "resources/shared/address.h"

namespace intentd::resources::payment_methods {
namespace json = boost::json;
using api::Call;
using api::Param;
using domain::BankProfile;
using domain::CardProfile;

namespace {

constexpr std::string_view kCustomerNoun = "customer";

// --- The test-instrument behaviour, kept in the object's internal state ---------------------

json::object decline_json(const domain::Decline& d) {
  return {{"code", d.code},
          {"decline_code", d.decline_code},
          {"message", d.message},
          {"param", d.param}};
}

domain::Decline decline_from(const json::value* v) {
  domain::Decline d;
  if (v == nullptr || !v->is_object()) return d;
  const auto& o = v->as_object();
  d.code = o.at("code").as_string();
  d.decline_code = o.at("decline_code").as_string();
  d.message = o.at("message").as_string();
  if (const json::value* p = o.if_contains("param"); p != nullptr && p->is_string())
    d.param = p->as_string();
  return d;
}

json::object card_internal(const CardProfile& c) {
  return {{"behavior", static_cast<int64_t>(c.behavior)},
          {"decline", decline_json(c.decline)},
          {"three_d_secure_supported", c.three_d_secure_supported},
          {"multicapture", c.multicapture},
          {"overcapture", c.overcapture},
          {"incremental_authorization", c.incremental_authorization},
          {"bypass_pending", c.bypass_pending},
          {"refunds", static_cast<int64_t>(c.refunds)},
          {"disputes", static_cast<int64_t>(c.disputes)},
          {"risk_level", c.risk_level},
          {"cvc_check", c.cvc_check},
          {"address_line1_check", c.address_line1_check},
          {"address_postal_code_check", c.address_postal_code_check}};
}

json::object bank_internal(const BankProfile& b) {
  return {
      {"outcome", static_cast<int64_t>(b.outcome)}, {"failure", decline_json(b.failure)},
      {"extra_delay_ms", b.extra_delay_ms},         {"blocked_by_radar", b.blocked_by_radar},
      {"microdeposits_fail", b.microdeposits_fail}, {"instantly_verified", b.instantly_verified}};
}

bool flag(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}

Instrument from_stored(json::object object, const json::object& internal) {
  Instrument pm;
  const std::string type(object.at("type").as_string());
  if (const json::value* c = internal.if_contains("card"); c && c->is_object()) {
    const auto& i = c->as_object();
    const auto& shown = object.at("card").as_object();
    CardProfile p;
    p.brand = shown.at("brand").as_string();
    p.funding = shown.at("funding").as_string();
    p.country = shown.at("country").is_string() ? std::string(shown.at("country").as_string()) : "";
    p.last4 = shown.at("last4").as_string();
    p.exp_month = shown.at("exp_month").to_number<int64_t>();
    p.exp_year = shown.at("exp_year").to_number<int64_t>();
    p.fingerprint = shown.at("fingerprint").as_string();
    p.behavior = static_cast<domain::CardBehavior>(i.at("behavior").to_number<int64_t>());
    p.decline = decline_from(i.if_contains("decline"));
    p.three_d_secure_supported = flag(i, "three_d_secure_supported");
    p.multicapture = flag(i, "multicapture");
    p.overcapture = flag(i, "overcapture");
    p.incremental_authorization = flag(i, "incremental_authorization");
    p.bypass_pending = flag(i, "bypass_pending");
    p.refunds = static_cast<CardProfile::Refunds>(i.at("refunds").to_number<int64_t>());
    // Written by later versions only: older rows keep the defaults.
    if (const json::value* d = i.if_contains("disputes"))
      p.disputes = static_cast<CardProfile::Disputes>(d->to_number<int64_t>());
    for (auto [key, field] :
         {std::pair{"risk_level", &p.risk_level}, std::pair{"cvc_check", &p.cvc_check},
          std::pair{"address_line1_check", &p.address_line1_check},
          std::pair{"address_postal_code_check", &p.address_postal_code_check}})
      if (const json::value* v = i.if_contains(key); v && v->is_string()) *field = v->as_string();
    pm.card = p;
  }
  if (const json::value* b = internal.if_contains("bank"); b && b->is_object()) {
    const auto& i = b->as_object();
    BankProfile p;
    p.type = type;
    p.outcome = static_cast<domain::DebitOutcome>(i.at("outcome").to_number<int64_t>());
    p.failure = decline_from(i.if_contains("failure"));
    p.extra_delay_ms = i.at("extra_delay_ms").to_number<int64_t>();
    p.blocked_by_radar = flag(i, "blocked_by_radar");
    p.microdeposits_fail = flag(i, "microdeposits_fail");
    p.instantly_verified = flag(i, "instantly_verified");
    pm.bank = p;
  }
  pm.set_up_for_off_session = flag(internal, "set_up_for_off_session");
  pm.consumed = flag(internal, "consumed");
  pm.object = std::move(object);
  return pm;
}

json::object internal_of(const Instrument& pm) {
  json::object i;
  if (pm.card) i["card"] = card_internal(*pm.card);
  if (pm.bank) i["bank"] = bank_internal(*pm.bank);
  i["set_up_for_off_session"] = pm.set_up_for_off_session;
  i["consumed"] = pm.consumed;
  return i;
}

store::Record record_of(const Instrument& pm) {
  store::Record r;
  r.type = std::string(kType);
  r.id = pm.id();
  r.created = pm.object.at("created").as_int64();
  r.data_text = json_text(pm.object);
  const std::string customer = pm.customer();
  if (!customer.empty()) r.lookups.emplace_back("customer", customer);
  r.lookups.emplace_back("type", pm.type());
  r.internal = internal_of(pm);
  return r;
}

// --- How the API shows a payment method -----------------------------------------------------

json::object card_json(const CardProfile& c, bool cvc_given) {
  return {{"brand", c.brand},
          {"checks", json::object{{"address_line1_check", nullptr},
                                  {"address_postal_code_check", nullptr},
                                  {"cvc_check",
                                   cvc_given ? json::value("unchecked") : json::value(nullptr)}}},
          {"country", c.country.empty() ? json::value(nullptr) : json::value(c.country)},
          {"display_brand", c.brand == "amex" ? "american_express" : c.brand},
          {"exp_month", c.exp_month},
          {"exp_year", c.exp_year},
          {"fingerprint", c.fingerprint},
          {"funding", c.funding},
          {"generated_from", nullptr},
          {"last4", c.last4},
          {"networks",
           json::object{{"available", json::array{json::string(c.brand)}}, {"preferred", nullptr}}},
          {"regulated_status", "unregulated"},
          {"three_d_secure_usage", json::object{{"supported", c.three_d_secure_supported}}},
          {"wallet", nullptr}};
}

json::object bank_json(const BankProfile& b) {
  if (b.type == "sepa_debit")
    return {
        {"bank_code", b.bank_code.empty() ? json::value(nullptr) : json::value(b.bank_code)},
        {"branch_code", b.branch_code.empty() ? json::value(nullptr) : json::value(b.branch_code)},
        {"country", b.country},
        {"fingerprint", b.fingerprint},
        {"generated_from", json::object{{"charge", nullptr}, {"setup_attempt", nullptr}}},
        {"last4", b.last4}};
  return {{"account_holder_type", "individual"},
          {"account_type", "checking"},
          {"bank_name", b.bank_name},
          {"financial_connections_account", nullptr},
          {"fingerprint", b.fingerprint},
          {"last4", b.last4},
          {"networks", json::object{{"preferred", "ach"}, {"supported", json::array{"ach"}}}},
          {"routing_number", b.routing_number},
          {"status_details", nullptr}};
}

json::object billing_details(const json::value* param) {
  json::object out{{"address", render_address(nullptr)},
                   {"email", nullptr},
                   {"name", nullptr},
                   {"phone", nullptr},
                   {"tax_id", nullptr}};
  if (param == nullptr || !param->is_object()) return out;
  for (const auto& kv : param->as_object()) {
    if (kv.key() == "address")
      out["address"] = render_address(kv.value());
    else
      out[kv.key()] = kv.value();
  }
  return out;
}

Param billing_details_param() {
  return Param::hash({
      {"address", address_param().emptyable()},
      {"email", Param::string().emptyable()},
      {"name", Param::string().emptyable()},
      {"phone", Param::string().emptyable()},
      {"tax_id", Param::string()},
  });
}

Param card_param() {
  return Param::hash({
      {"cvc", Param::string()},
      {"exp_month", Param::integer()},
      {"exp_year", Param::integer()},
      {"networks", Param::unsupported()},
      {"number", Param::string()},
      {"token", Param::string()},
  });
}

Param sepa_param() {
  return Param::hash({{"iban", Param::string().required()}});
}

Param us_bank_param() {
  return Param::hash({
      {"account_holder_type", Param::one_of({"company", "individual"})},
      {"account_number", Param::string()},
      {"account_type", Param::one_of({"checking", "savings"})},
      {"financial_connections_account", Param::unsupported()},
      {"routing_number", Param::string()},
  });
}

std::vector<api::Field> data_fields() {
  return {
      {"allow_redisplay", Param::one_of({"always", "limited", "unspecified"})},
      {"billing_details", billing_details_param()},
      {"card", card_param()},
      {"metadata", Param::metadata()},
      {"sepa_debit", sepa_param()},
      {"type", Param::one_of({"card", "sepa_debit", "us_bank_account"}).required()},
      {"us_bank_account", us_bank_param()},
  };
}

// Builds a new (unsaved) payment method from checked params with `type` and details; `prefix`
// is the params' bracket path ("" or "payment_method_data").
Result<Instrument> build(const Call& call, const json::object& p, const std::string& prefix) {
  auto path = [&prefix](std::string_view name) { return api::child_path(prefix, name); };
  const std::string type(p.at("type").as_string());
  Instrument pm;
  json::object o{{"id", new_id(kType, call.now_ms)},
                 {"object", kType.name},
                 {"allow_redisplay", p.contains("allow_redisplay") ? p.at("allow_redisplay")
                                                                   : json::value("unspecified")},
                 {"billing_details", billing_details(p.if_contains("billing_details"))}};
  if (type == "card") {
    const json::value* card = p.if_contains("card");
    if (card == nullptr) return ApiError::parameter_missing(path("card"));
    const json::object& c = card->as_object();
    std::optional<CardProfile> profile;
    if (const json::value* token = c.if_contains("token")) {
      profile = domain::card_from_token(token->as_string(), call.now);
      if (!profile)
        return ApiError::resource_missing("token", token->as_string(), path("card[token]"));
    } else {
      for (const char* required : {"number", "exp_month", "exp_year"})
        if (!c.contains(required))
          return ApiError::parameter_missing(api::child_path(path("card"), required));
      const json::value* cvc = c.if_contains("cvc");
      INTENTD_ASSIGN_OR_RETURN(
          CardProfile details,
          domain::card_from_details(c.at("number").as_string(), c.at("exp_month").as_int64(),
                                    c.at("exp_year").as_int64(),
                                    cvc ? std::string_view(cvc->as_string()) : "", call.now));
      profile = details;
    }
    o["card"] = card_json(*profile, c.contains("cvc"));
    pm.card = *profile;
  } else if (type == "sepa_debit") {
    const json::value* sepa = p.if_contains("sepa_debit");
    if (sepa == nullptr) return ApiError::parameter_missing(path("sepa_debit"));
    INTENTD_ASSIGN_OR_RETURN(BankProfile b,
                             domain::sepa_from_iban(sepa->as_object().at("iban").as_string()));
    b.type = type;
    o["sepa_debit"] = bank_json(b);
    pm.bank = b;
  } else {
    const json::value* ach = p.if_contains("us_bank_account");
    if (ach == nullptr) return ApiError::parameter_missing(path("us_bank_account"));
    const json::object& a = ach->as_object();
    for (const char* required : {"account_number", "routing_number"})
      if (!a.contains(required))
        return ApiError::parameter_missing(api::child_path(path("us_bank_account"), required));
    INTENTD_ASSIGN_OR_RETURN(BankProfile b,
                             domain::us_bank_from_details(a.at("routing_number").as_string(),
                                                          a.at("account_number").as_string()));
    b.type = type;
    json::object shown = bank_json(b);
    for (const char* f : {"account_holder_type", "account_type"})
      if (const json::value* v = a.if_contains(f)) shown[f] = *v;
    o["us_bank_account"] = std::move(shown);
    pm.bank = b;
  }
  o["created"] = call.now;
  o["customer"] = nullptr;
  o["livemode"] = false;
  json::object metadata;
  if (const json::value* m = p.if_contains("metadata"))
    INTENTD_TRY(api::merge_metadata(metadata, *m));
  o["metadata"] = std::move(metadata);
  o["type"] = type;
  pm.object = std::move(o);
  return pm;
}

// A new payment method for a test token (pm_card_visa, pm_success_de, ...), or nullopt when
// `ref` is not a token.
std::optional<Instrument> from_token(const Call& call, std::string_view ref) {
  Instrument pm;
  std::string type;
  if (auto card = domain::card_from_token(ref, call.now)) {
    pm.card = *card;
    type = "card";
  } else if (auto sepa = domain::sepa_from_token(ref)) {
    pm.bank = *sepa;
    pm.bank->type = type = "sepa_debit";
  } else if (auto ach = domain::us_bank_from_token(ref)) {
    pm.bank = *ach;
    pm.bank->type = type = "us_bank_account";
  } else {
    return std::nullopt;
  }
  json::object o{{"id", new_id(kType, call.now_ms)},
                 {"object", kType.name},
                 {"allow_redisplay", "unspecified"},
                 {"billing_details", billing_details(nullptr)}};
  if (pm.card)
    o["card"] = card_json(*pm.card, true);
  else
    o[type] = bank_json(*pm.bank);
  o["created"] = call.now;
  o["customer"] = nullptr;
  o["livemode"] = false;
  o["metadata"] = json::object();
  o["type"] = type;
  pm.object = std::move(o);
  return pm;
}

Result<Instrument> load(const Call& call, store::ReadTxn& txn, std::string_view id,
                        const std::string& param) {
  INTENTD_ASSIGN_OR_RETURN(json::object o,
                           api::load_object(txn, call, kType, id, param, "PaymentMethod"));
  auto internal = txn.get_internal(call.account, kType, id);
  return from_stored(std::move(o), internal ? *internal : json::object());
}

ApiError invalid(std::string message, std::string param = {}, std::string code = {}) {
  return ApiError::invalid_request(std::move(message), std::move(param), std::move(code));
}

}  // namespace

std::string Instrument::customer() const {
  const json::value* c = object.if_contains("customer");
  return c != nullptr && c->is_string() ? std::string(c->as_string()) : std::string();
}

Param data_param() {
  return Param::hash(data_fields());
}

Param create_params() {
  return Param::hash(data_fields())
      .with({{"customer", Param::unsupported()}, {"payment_method", Param::unsupported()}});
}

Param update_params() {
  return Param::hash({
      {"allow_redisplay", Param::one_of({"always", "limited", "unspecified"})},
      {"billing_details", billing_details_param()},
      {"card", Param::hash({{"exp_month", Param::integer().min(1).max(12)},
                            {"exp_year", Param::integer()},
                            {"networks", Param::unsupported()}})},
      {"metadata", Param::metadata()},
      {"us_bank_account",
       Param::hash({{"account_holder_type", Param::one_of({"company", "individual"})},
                    {"account_type", Param::one_of({"checking", "savings"})}})},
  });
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({{"customer", Param::string()},
             {"customer_account", Param::unsupported()},
             {"type", Param::string()}});
}

Param attach_params() {
  return Param::hash({{"customer", Param::string()}, {"customer_account", Param::unsupported()}});
}

Param customer_list_params() {
  return Param::hash(api::list_params())
      .with({{"allow_redisplay", Param::one_of({"always", "limited", "unspecified"})},
             {"type", Param::string()}});
}

Result<json::value> create(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Instrument pm, build(call, call.params, ""));
  store::Record r = record_of(pm);
  events::insert(txn, call, r);
  return json::value(std::move(pm.object));
}

Result<Instrument> create_from_data(const Call& call, store::Txn& txn, const json::value& data,
                                    const std::string& param) {
  INTENTD_ASSIGN_OR_RETURN(Instrument pm, build(call, data.as_object(), param));
  events::insert(txn, call, record_of(pm));
  return pm;
}

Result<Instrument> resolve(const Call& call, store::Txn& txn, std::string_view ref,
                           const std::string& param) {
  if (auto pm = from_token(call, ref)) {
    events::insert(txn, call, record_of(*pm));
    return std::move(*pm);
  }
  return load(call, txn, ref, param);
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object o,
                           api::load_object(txn, call, kType, call.arg(0), "id", "PaymentMethod"));
  return json::value(std::move(o));
}

Result<json::value> update(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Instrument pm, load(call, txn, call.arg(0), "id"));
  if (pm.customer().empty())
    return invalid("You must save this PaymentMethod to a customer before you update it.");
  const json::object before = pm.object;
  json::object& o = pm.object;
  for (const auto& kv : call.params) {
    std::string_view k = kv.key();
    if (k == "billing_details") {
      json::object& b = o["billing_details"].as_object();
      for (const auto& f : kv.value().as_object())
        b[f.key()] = f.key() == "address" ? json::value(render_address(f.value())) : f.value();
    } else if (k == "metadata") {
      INTENTD_TRY(api::merge_metadata(o["metadata"].as_object(), kv.value()));
    } else if (k == "allow_redisplay") {
      o["allow_redisplay"] = kv.value();
    } else if (k == "card") {
      if (pm.type() != "card")
        return invalid(
            "You cannot update card details on a PaymentMethod of type " + pm.type() + ".", "card");
      for (const auto& f : kv.value().as_object()) {
        o["card"].as_object()[f.key()] = f.value();
        if (f.key() == "exp_month") pm.card->exp_month = f.value().as_int64();
        if (f.key() == "exp_year") pm.card->exp_year = f.value().as_int64();
      }
    } else if (k == "us_bank_account") {
      if (pm.type() != "us_bank_account")
        return invalid("You cannot update us_bank_account details on a PaymentMethod of type " +
                           pm.type() + ".",
                       "us_bank_account");
      for (const auto& f : kv.value().as_object())
        o["us_bank_account"].as_object()[f.key()] = f.value();
    }
  }
  events::update(txn, call, record_of(pm), before);
  return json::value(std::move(pm.object));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  if (const auto* c = call.param("customer"))
    q.lookup = store::LookupFilter{"customer", {std::string(c->as_string())}};
  if (const auto* t = call.param("type")) {
    if (!q.lookup) {
      q.lookup = store::LookupFilter{"type", {std::string(t->as_string())}};
    } else {
      q.keep = [want = std::string(t->as_string())](const json::object& o) {
        return o.at("type").as_string() == want;
      };
    }
  }
  return api::list_page(call, txn, q);
}

Status attach_to_customer(const Call& call, store::Txn& txn, Instrument& pm,
                          const std::string& customer) {
  if (pm.customer() == customer) return Status::Ok();
  if (!pm.customer().empty())
    return invalid("The payment method you provided has already been attached to a customer.",
                   "payment_method");
  if (pm.consumed)
    return invalid(
        "This PaymentMethod was previously used without being attached to a Customer or was "
        "detached from a Customer, and may not be used again.",
        "payment_method");
  if (pm.card) INTENTD_TRY(domain::check_attachable(*pm.card));
  INTENTD_TRY(api::load_object(txn, call, "customer", customer, "customer", kCustomerNoun));
  pm.object["customer"] = customer;
  const store::Record r = record_of(pm);
  txn.update(call.account, r);
  events::emit(txn, events::Origin::of(call), "payment_method.attached", r);
  return Status::Ok();
}

void save_state(const Call& call, store::Txn& txn, const Instrument& pm) {
  txn.update(call.account, record_of(pm));
}

Result<json::value> attach(const Call& call, store::Txn& txn) {
  const json::value* customer = call.param("customer");
  if (customer == nullptr) return ApiError::parameter_missing("customer");
  // A test token (pm_card_visa) attaches a new payment method made from it.
  INTENTD_ASSIGN_OR_RETURN(Instrument pm, resolve(call, txn, call.arg(0), "payment_method"));
  INTENTD_TRY(attach_to_customer(call, txn, pm, std::string(customer->as_string())));
  return json::value(std::move(pm.object));
}

Result<json::value> detach(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Instrument pm, load(call, txn, call.arg(0), "payment_method"));
  if (pm.customer().empty())
    return invalid("The payment method " + pm.id() + " is not attached to a customer.",
                   "payment_method");
  pm.object["customer"] = nullptr;
  pm.consumed = true;  // a detached payment method cannot be used again
  const store::Record r = record_of(pm);
  txn.update(call.account, r);
  events::emit(txn, events::Origin::of(call), "payment_method.detached", r);
  return json::value(std::move(pm.object));
}

Result<json::value> list_for_customer(const Call& call, store::ReadTxn& txn) {
  INTENTD_TRY(api::load_object(txn, call, "customer", call.arg(0), "id", kCustomerNoun));
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  q.lookup = store::LookupFilter{"customer", {std::string(call.arg(0))}};
  const json::value* type = call.param("type");
  const json::value* redisplay = call.param("allow_redisplay");
  if (type != nullptr || redisplay != nullptr)
    q.keep = [type = type ? std::string(type->as_string()) : std::string(),
              redisplay = redisplay ? std::string(redisplay->as_string())
                                    : std::string()](const json::object& o) {
      return (type.empty() || o.at("type").as_string() == type) &&
             (redisplay.empty() || o.at("allow_redisplay").as_string() == redisplay);
    };
  return api::list_page(call, txn, q);
}

Result<json::value> retrieve_for_customer(const Call& call, store::ReadTxn& txn) {
  INTENTD_TRY(api::load_object(txn, call, "customer", call.arg(0), "id", kCustomerNoun));
  INTENTD_ASSIGN_OR_RETURN(json::object o,
                           api::load_object(txn, call, kType, call.arg(1), "id", "PaymentMethod"));
  const json::value& c = o.at("customer");
  if (!c.is_string() || c.as_string() != call.arg(0))
    return ApiError::resource_missing("PaymentMethod", call.arg(1));
  return json::value(std::move(o));
}

void add_expandables(api::ExpandRules& rules) {
  rules.add(kType, "customer", customers::kType);
}

}  // namespace intentd::resources::payment_methods
