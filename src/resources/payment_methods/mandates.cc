#include "resources/payment_methods/mandates.h"

#include "api/objects.h"
#include "base/ids.h"
#include "base/json_text.h"

namespace intentd::resources::mandates {
namespace json = boost::json;
using api::Param;

Param mandate_data_param() {
  return Param::hash({{"customer_acceptance",
                       Param::hash({{"accepted_at", Param::integer()},
                                    {"offline", Param::hash({})},
                                    {"online", Param::hash({{"ip_address", Param::string()},
                                                            {"user_agent", Param::string()}})},
                                    {"type", Param::one_of({"offline", "online"}).required()}})
                           .required()}})
      .emptyable();
}

json::value customer_acceptance(const json::value* mandate_data, int64_t now) {
  if (mandate_data == nullptr || !mandate_data->is_object()) return nullptr;
  const json::object& given = mandate_data->as_object().at("customer_acceptance").as_object();
  const std::string type(given.at("type").as_string());
  json::object out{
      {"accepted_at", given.contains("accepted_at") ? given.at("accepted_at") : json::value(now)}};
  if (type == "online") {
    json::object online{{"ip_address", nullptr}, {"user_agent", nullptr}};
    if (const json::value* o = given.if_contains("online"); o && o->is_object())
      for (const auto& kv : o->as_object()) online[kv.key()] = kv.value();
    out["online"] = std::move(online);
  } else {
    out["offline"] = json::object();
  }
  out["type"] = type;
  return out;
}

json::object create(store::Txn& txn, const events::Origin& origin,
                    const payment_methods::Instrument& pm, const json::value& acceptance,
                    const json::value* single_use) {
  const std::string type = pm.type();
  json::object details;
  if (type == "sepa_debit")
    details = {{"reference", random_string("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16)}, {"url", ""}};
  json::object m{{"id", new_id(kType, origin.now_ms)},
                 {"object", kType.name},
                 {"customer_acceptance", acceptance},
                 {"livemode", false}};
  const bool once = single_use != nullptr && single_use->is_object();
  if (once)
    m["single_use"] = json::object{{"amount", single_use->as_object().at("amount")},
                                   {"currency", single_use->as_object().at("currency")}};
  else
    m["multi_use"] = json::object();
  m["payment_method"] = pm.id();
  m["payment_method_details"] = json::object{{type, std::move(details)}, {"type", type}};
  m["status"] = "active";
  m["type"] = once ? "single_use" : "multi_use";
  store::Record r;
  r.type = std::string(kType);
  r.id = std::string(m.at("id").as_string());
  r.created = origin.now_ms / 1000;
  r.data_text = json_text(m);
  r.lookups.emplace_back("payment_method", pm.id());
  txn.insert(origin.account, r);
  return m;
}

Result<json::value> retrieve(const api::Call& call, store::ReadTxn& txn) {
  INTENTD_ASSIGN_OR_RETURN(json::object m, api::load_object(txn, call, kType, call.arg(0)));
  return json::value(std::move(m));
}

}  // namespace intentd::resources::mandates
