#include "resources/shared/intent_methods.h"

#include <boost/json/array.hpp>
#include <string>

#include "api/objects.h"

namespace intentd::resources {
namespace json = boost::json;

Status check_payment_method_types(const json::value& types) {
  const json::array& a = types.as_array();
  if (a.empty())
    return ApiError::invalid_request("payment_method_types must not be empty.",
                                     "payment_method_types");
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string_view t = a[i].as_string();
    if (t != "card" && t != "sepa_debit" && t != "us_bank_account")
      return ApiError::invalid_request(
          "The payment method type \"" + std::string(t) +
              "\" is invalid or not supported by intentd. Use card, sepa_debit or "
              "us_bank_account.",
          "payment_method_types[" + std::to_string(i) + "]");
  }
  return Status::Ok();
}

Result<std::optional<payment_methods::Instrument>> given_method(const api::Call& call,
                                                                store::Txn& txn) {
  using Given = std::optional<payment_methods::Instrument>;
  if (const json::value* ref = call.param("payment_method")) {
    INTENTD_ASSIGN_OR_RETURN(
        payment_methods::Instrument pm,
        payment_methods::resolve(call, txn, ref->as_string(), "payment_method"));
    return Given(std::move(pm));
  }
  if (const json::value* data = call.param("payment_method_data")) {
    INTENTD_ASSIGN_OR_RETURN(
        payment_methods::Instrument pm,
        payment_methods::create_from_data(call, txn, *data, "payment_method_data"));
    return Given(std::move(pm));
  }
  return Given();
}

Result<payment_methods::Instrument> method_to_confirm(const api::Call& call, store::Txn& txn,
                                                      const json::object& intent,
                                                      std::string_view object,
                                                      std::string_view noun,
                                                      std::string_view unexpected_code) {
  INTENTD_ASSIGN_OR_RETURN(std::optional<payment_methods::Instrument> given,
                           given_method(call, txn));
  if (given) return std::move(*given);
  if (const json::value& current = intent.at("payment_method"); current.is_string())
    return payment_methods::resolve(call, txn, current.as_string(), "payment_method");
  const std::string n(noun);
  ApiError e = ApiError::invalid_request(
      "You cannot confirm this " + n +
          " because it's missing a payment method. You can either update the " + n +
          " with a payment method and then confirm it again, or confirm it again directly with "
          "a payment method.",
      {}, std::string(unexpected_code));
  e.extra[object] = intent;
  return e;
}

Status check_method_usable(const json::object& intent, const std::string& customer,
                           const payment_methods::Instrument& pm, std::string_view noun,
                           std::string_view incompatible_code) {
  const std::string type = pm.type();
  const std::string n(noun);
  bool allowed = false;
  std::string types;
  for (const auto& t : intent.at("payment_method_types").as_array()) {
    allowed = allowed || t.as_string() == type;
    types += (types.empty() ? "" : ", ") + std::string(t.as_string());
  }
  if (!allowed)
    return ApiError::invalid_request(
        "The PaymentMethod provided (" + type + ") is not allowed for this " + n +
            ". Please attach a PaymentMethod of one of the following types: " + types +
            ". Alternatively update the allowed payment_method_types for this " + n +
            " to include \"" + type + "\".",
        "payment_method", std::string(incompatible_code));
  const std::string owner = pm.customer();
  if (!owner.empty() && owner != customer)
    return ApiError::invalid_request(
        "The provided PaymentMethod " + pm.id() + " is attached to the Customer " + owner +
            ". To use it, create the " + n + " with customer=" + owner + ".",
        "payment_method");
  if (pm.consumed)
    return ApiError::invalid_request(
        "The provided PaymentMethod was previously used with a PaymentIntent without Customer "
        "attachment, shared with a connected account without Customer attachment, or was "
        "detached from a Customer. It may not be used again. To use a PaymentMethod multiple "
        "times, you must attach it to a Customer first.",
        "payment_method");
  return Status::Ok();
}

Status check_customer_param(store::ReadTxn& txn, const api::Call& call) {
  if (const json::value* c = call.param("customer"))
    INTENTD_TRY(api::load_object(txn, call, "customer", c->as_string(), "customer", "customer"));
  return Status::Ok();
}

json::object render_method_options(const json::value* given, json::object card) {
  json::object out;
  if (given != nullptr && given->is_object()) {
    for (const auto& kv : given->as_object()) {
      if (kv.value().is_null()) continue;
      if (kv.key() == "card") {
        for (const auto& o : kv.value().as_object())
          if (!o.value().is_null()) card[o.key()] = o.value();
      } else {
        out[kv.key()] = kv.value();
      }
    }
  }
  out["card"] = std::move(card);
  return out;
}

}  // namespace intentd::resources
