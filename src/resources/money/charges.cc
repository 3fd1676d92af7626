#include "resources/money/charges.h"

#include <boost/json/array.hpp>

#include "api/list.h"
#include "api/objects.h"
#include "base/ids.h"
#include "base/json_text.h"
#include "resources/customers/customers.h"
#include "resources/money/ledger.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources::charges {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

json::value str_or_null(const json::value* v) {
  return v != nullptr ? *v : json::value(nullptr);
}

json::object outcome(const Attempt& a) {
  const int64_t score = a.risk_level == "highest" ? 90 : a.risk_level == "elevated" ? 70 : 32;
  switch (a.status) {
    case AttemptStatus::kSucceeded:
    case AttemptStatus::kPending:
      return {{"advice_code", nullptr},
              {"network_advice_code", nullptr},
              {"network_decline_code", nullptr},
              {"network_status", "approved_by_network"},
              {"reason", a.risk_level == "normal" ? json::value(nullptr)
                                                  : json::value("elevated_risk_level")},
              {"risk_level", a.risk_level},
              {"risk_score", score},
              {"seller_message", "Payment complete."},
              {"type", "authorized"}};
    case AttemptStatus::kFailed:
      if (a.blocked)
        return {{"advice_code", nullptr},
                {"network_advice_code", nullptr},
                {"network_decline_code", nullptr},
                {"network_status", "not_sent_to_network"},
                {"reason", "highest_risk_level"},
                {"risk_level", "highest"},
                {"risk_score", 90},
                {"seller_message", "Stripe blocked this payment as too risky."},
                {"type", "blocked"}};
      return {{"advice_code", nullptr},
              {"network_advice_code", nullptr},
              {"network_decline_code", nullptr},
              {"network_status", "declined_by_network"},
              {"reason", a.decline.decline_code.empty() ? json::value(a.decline.code)
                                                        : json::value(a.decline.decline_code)},
              {"risk_level", a.risk_level},
              {"risk_score", score},
              {"seller_message", "The bank did not return any further details with this decline."},
              {"type", "issuer_declined"}};
  }
  return {};
}

json::object card_details(const payment_methods::Instrument& pm, int64_t amount, const Attempt& a) {
  const json::object& card = pm.object.at("card").as_object();
  auto status = [](bool available) { return available ? "available" : "unavailable"; };
  return {
      {"amount_authorized",
       a.status == AttemptStatus::kFailed ? json::value(nullptr) : json::value(amount)},
      {"authorization_code", nullptr},
      {"brand", card.at("brand")},
      {"checks", card.at("checks")},
      {"country", card.at("country")},
      {"exp_month", card.at("exp_month")},
      {"exp_year", card.at("exp_year")},
      {"extended_authorization", json::object{{"status", "disabled"}}},
      {"fingerprint", card.at("fingerprint")},
      {"funding", card.at("funding")},
      {"incremental_authorization", json::object{{"status", status(a.incremental_authorization)}}},
      {"installments", nullptr},
      {"last4", card.at("last4")},
      {"mandate", nullptr},
      {"multicapture", json::object{{"status", status(a.multicapture)}}},
      {"network", card.at("brand")},
      {"network_token", json::object{{"used", false}}},
      {"network_transaction_id", nullptr},
      {"overcapture", json::object{{"maximum_amount_capturable",
                                    a.overcapture ? a.maximum_amount_capturable : amount},
                                   {"status", status(a.overcapture)}}},
      {"regulated_status", "unregulated"},
      {"three_d_secure", nullptr},
      {"wallet", nullptr}};
}

json::object method_details(const payment_methods::Instrument& pm, int64_t amount,
                            const Attempt& a) {
  const std::string type = pm.type();
  json::object d;
  if (type == "card") {
    d["card"] = card_details(pm, amount, a);
  } else {
    json::object bank = pm.object.at(type).as_object();
    bank.erase("generated_from");
    bank.erase("networks");
    bank.erase("status_details");
    bank.erase("financial_connections_account");
    if (type == "sepa_debit") bank["mandate"] = nullptr;
    d[type] = std::move(bank);
  }
  d["type"] = type;
  return d;
}

store::Record record_of(const json::object& charge) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(charge.at("id").as_string());
  r.created = charge.at("created").as_int64();
  r.data_text = json_text(charge);
  if (const auto& c = charge.at("customer"); c.is_string())
    r.lookups.emplace_back("customer", std::string(c.as_string()));
  if (const auto& p = charge.at("payment_intent"); p.is_string())
    r.lookups.emplace_back("payment_intent", std::string(p.as_string()));
  return r;
}

std::string_view status_name(AttemptStatus s) {
  switch (s) {
    case AttemptStatus::kSucceeded:
      return "succeeded";
    case AttemptStatus::kPending:
      return "pending";
    case AttemptStatus::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace

json::object create(store::Txn& txn, const events::Origin& origin, const json::object& pi,
                    const payment_methods::Instrument& pm, const Attempt& a) {
  const int64_t amount = pi.at("amount").as_int64();
  const bool failed = a.status == AttemptStatus::kFailed;
  const int64_t created = origin.now_ms / 1000;
  json::object ch{
      {"id", new_id(kType, origin.now_ms)},
      {"object", kType.name},
      {"amount", amount},
      {"amount_captured", a.captured ? amount : 0},
      {"amount_refunded", 0},
      {"application", nullptr},
      {"application_fee", nullptr},
      {"application_fee_amount", nullptr},
      {"balance_transaction",
       a.balance_transaction.empty() ? json::value(nullptr) : json::value(a.balance_transaction)},
      {"billing_details", pm.object.at("billing_details")},
      {"calculated_statement_descriptor", "INTENTD"},
      {"captured", a.captured},
      {"created", created},
      {"currency", pi.at("currency")},
      {"customer", pi.at("customer")},
      {"description", pi.at("description")},
      {"destination", nullptr},
      {"dispute", nullptr},
      {"disputed", false},
      {"failure_balance_transaction", nullptr},
      {"failure_code", failed ? json::value(a.decline.code) : json::value(nullptr)},
      {"failure_message", failed ? json::value(a.decline.message) : json::value(nullptr)},
      {"fraud_details", json::object()},
      {"livemode", false},
      {"metadata", pi.at("metadata")},
      {"on_behalf_of", nullptr},
      {"outcome", outcome(a)},
      {"paid", a.status == AttemptStatus::kSucceeded},
      {"payment_intent", pi.at("id")},
      {"payment_method", pm.id()},
      {"payment_method_details", method_details(pm, amount, a)},
      {"radar_options", json::object()},
      {"receipt_email", str_or_null(pi.if_contains("receipt_email"))},
      {"receipt_number", nullptr},
      {"receipt_url", nullptr},
      {"refunded", false},
      {"review", nullptr},
      {"shipping", pi.at("shipping")},
      {"source", nullptr},
      {"source_transfer", nullptr},
      {"statement_descriptor", pi.at("statement_descriptor")},
      {"statement_descriptor_suffix", pi.at("statement_descriptor_suffix")},
      {"status", status_name(a.status)},
      {"transfer_data", nullptr},
      {"transfer_group", nullptr}};
  const store::Record r = record_of(ch);
  txn.insert(origin.account, r);
  const std::string event = "charge." + std::string(status_name(a.status));
  if (a.balance_transaction_follows) {
    json::object shown = ch;
    shown["balance_transaction"] = nullptr;
    events::emit(txn, origin, event, shown);
  } else {
    events::emit(txn, origin, event, r);
  }
  return ch;
}

Result<json::object> load(store::ReadTxn& txn, std::string_view account, std::string_view id) {
  auto ch = txn.get(account, kType, id);
  if (!ch) return ApiError::resource_missing("charge", id);
  return std::move(*ch);
}

void move(json::object& charge, ChargeOperation op, ChargeStatus to) {
  const ChargeStatus from = charge_status(charge.at("status").as_string()).value();
  charge["status"] = to_string(charge_machine().move(op, from, to));
}

void save(store::Txn& txn, const events::Origin& origin, const json::object& charge,
          const json::object& before, std::string_view event) {
  const store::Record r = record_of(charge);
  txn.update(origin.account, r);
  json::object prev = events::previous_attributes(before, charge);
  events::emit(txn, origin, event, r, prev.empty() ? nullptr : &prev);
}

void announce(store::Txn& txn, const events::Origin& origin, const json::object& charge,
              const json::object& before, std::string_view event) {
  json::object prev = events::previous_attributes(before, charge);
  events::emit(txn, origin, event, charge, prev.empty() ? nullptr : &prev);
}

Param list_params() {
  return Param::hash(api::list_params())
      .with({{"customer", Param::string()},
             {"payment_intent", Param::string()},
             {"transfer_group", Param::unsupported()}});
}

Result<json::value> retrieve(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object ch, api::load_object(txn, call, kType, call.arg(0)));
  return json::value(std::move(ch));
}

Result<json::value> list(const Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  const json::value* customer = call.param("customer");
  const json::value* pi = call.param("payment_intent");
  if (pi != nullptr)
    q.lookup = store::LookupFilter{"payment_intent", {std::string(pi->as_string())}};
  else if (customer != nullptr)
    q.lookup = store::LookupFilter{"customer", {std::string(customer->as_string())}};
  if (pi != nullptr && customer != nullptr)
    q.keep = [want = std::string(customer->as_string())](const json::object& o) {
      return o.at("customer").is_string() && o.at("customer").as_string() == want;
    };
  return api::list_page(call, txn, q);
}

void add_expandables(api::ExpandRules& rules) {
  rules.add(kType, "customer", customers::kType);
  rules.add(kType, "payment_intent", payment_intents::kType);
  rules.add(kType, "payment_method", payment_methods::kType);
  rules.add(kType, "balance_transaction", ledger::kTransaction);
}

}  // namespace intentd::resources::charges
