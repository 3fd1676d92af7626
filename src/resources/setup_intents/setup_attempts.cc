#include "resources/setup_intents/setup_attempts.h"

#include "api/list.h"
#include "base/ids.h"
#include "base/json_text.h"

namespace intentd::resources::setup_attempts {
namespace json = boost::json;
using api::Param;

namespace {

json::object method_details(const payment_methods::Instrument& pm) {
  const std::string type = pm.type();
  json::object details;
  if (type == "card") {
    const json::object& card = pm.object.at("card").as_object();
    details = {{"brand", card.at("brand")},
               {"checks", card.at("checks")},
               {"country", card.at("country")},
               {"exp_month", card.at("exp_month")},
               {"exp_year", card.at("exp_year")},
               {"fingerprint", card.at("fingerprint")},
               {"funding", card.at("funding")},
               {"last4", card.at("last4")},
               {"network", card.at("brand")},
               {"three_d_secure", nullptr},
               {"wallet", nullptr}};
  }
  return {{type, std::move(details)}, {"type", type}};
}

// A 3-D Secure transaction id: a random UUID, as the directory server assigns.
std::string transaction_id() {
  const std::string hex = random_string("0123456789abcdef", 32);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

store::Record record_of(const json::object& attempt) {
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(attempt.at("id").as_string());
  r.created = attempt.at("created").as_int64();
  r.data_text = json_text(attempt);
  r.lookups.emplace_back("setup_intent", std::string(attempt.at("setup_intent").as_string()));
  return r;
}

}  // namespace

std::string create(store::Txn& txn, const events::Origin& origin, const json::object& si,
                   const payment_methods::Instrument& pm, std::string_view status,
                   const json::value& setup_error) {
  json::object a{{"id", new_id(kType, origin.now_ms)},
                 {"object", kType.name},
                 {"application", nullptr},
                 {"created", origin.now_ms / 1000},
                 {"customer", si.at("customer")},
                 {"customer_account", nullptr},
                 {"flow_directions", si.at("flow_directions")},
                 {"livemode", false},
                 {"on_behalf_of", nullptr},
                 {"payment_method", pm.id()},
                 {"payment_method_details", method_details(pm)},
                 {"setup_error", setup_error},
                 {"setup_intent", si.at("id")},
                 {"status", status},
                 {"usage", si.at("usage")}};
  txn.insert(origin.account, record_of(a));
  return std::string(a.at("id").as_string());
}

void finish(store::Txn& txn, std::string_view account, std::string_view id,
            SetupAttemptOperation op, std::string_view status, const json::value& setup_error,
            bool authenticated) {
  auto a = txn.get(account, kType, id);
  if (!a) return;
  const SetupAttemptStatus to = setup_attempt_status(status).value();
  const SetupAttemptStatus from = setup_attempt_status((*a)["status"].as_string()).value();
  (*a)["status"] = to_string(setup_attempt_machine().move(op, from, to));
  (*a)["setup_error"] = setup_error;
  json::object& details = (*a)["payment_method_details"].as_object();
  if (json::value* card = details.if_contains("card"); card && authenticated)
    card->as_object()["three_d_secure"] =
        json::object{{"authentication_flow", "challenge"},
                     {"electronic_commerce_indicator", "05"},
                     {"result", status == "succeeded" ? "authenticated" : "failed"},
                     {"result_reason", nullptr},
                     {"transaction_id", transaction_id()},
                     {"version", "2.2.0"}};
  txn.update(account, record_of(*a));
}

Param list_params() {
  return Param::hash(api::list_params()).with({{"setup_intent", Param::string().required()}});
}

Result<json::value> list(const api::Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(store::ListQuery q, api::list_query(call, std::string(kType)));
  q.lookup =
      store::LookupFilter{"setup_intent", {std::string(call.param("setup_intent")->as_string())}};
  return api::list_page(call, txn, q);
}

}  // namespace intentd::resources::setup_attempts
