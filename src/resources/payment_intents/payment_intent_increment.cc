// Incrementing the authorization of a PaymentIntent held for capture: the new total must be
// higher, the card must have offered incremental authorization, and at most ten attempts
// are allowed.
#include <boost/json/object.hpp>

#include "api/metadata.h"
#include "domain/money.h"
#include "resources/money/charges.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_intents/payment_intents.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

constexpr int64_t kMaxIncrements = 10;

bool incremental_available(const json::object& charge) {
  const json::value* card = charge.at("payment_method_details").as_object().if_contains("card");
  if (card == nullptr || !card->is_object()) return false;
  const json::value* inc = card->as_object().if_contains("incremental_authorization");
  return inc != nullptr && inc->is_object() && inc->as_object().at("status") == "available";
}

}  // namespace

Param increment_authorization_params() {
  return Param::hash({
      {"amount", Param::integer().required()},
      {"amount_details", Param::unsupported()},
      {"application_fee_amount", Param::unsupported()},
      {"description", Param::string().max_length(1000)},
      {"hooks", Param::unsupported()},
      {"metadata", Param::metadata()},
      {"payment_details", Param::unsupported()},
      {"statement_descriptor", Param::string().max_length(22)},
      {"transfer_data", Param::unsupported()},
  });
}

Result<json::value> increment_authorization(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load(txn, call, call.arg(0)));
  if (!allowed(PaymentIntentOperation::kIncrementAuthorization, pi.status())) {
    ApiError e = unexpected_state(PaymentIntentOperation::kIncrementAuthorization, pi.status());
    e.extra["payment_intent"] = pi.object;
    return e;
  }
  INTENTD_ASSIGN_OR_RETURN(
      json::object ch, charges::load(txn, call.account, pi.object.at("latest_charge").as_string()));
  if (!incremental_available(ch))
    return ApiError::invalid_request(
        "This PaymentIntent is not eligible for incremental authorization. Request it with "
        "payment_method_options[card][request_incremental_authorization]=if_available when "
        "confirming.",
        {}, "payment_intent_invalid_parameter");
  const json::value* attempts_v = pi.internal.if_contains("increments");
  const int64_t attempts = attempts_v != nullptr ? attempts_v->to_number<int64_t>() : 0;
  if (attempts >= kMaxIncrements)
    return ApiError::invalid_request(
        "This PaymentIntent's authorization has already been "
        "incremented the maximum number of times (10).",
        "amount");
  const int64_t amount = call.param("amount")->as_int64();
  if (amount <= pi.amount())
    return ApiError::invalid_request(
        "The amount must be greater than the PaymentIntent's current amount (" +
            std::to_string(pi.amount()) + ") to increment its authorization.",
        "amount");
  INTENTD_TRY(domain::check_charge_amount(amount, pi.object.at("currency").as_string()));

  const events::Origin origin = events::Origin::of(call);
  pi.internal["increments"] = attempts + 1;
  for (const char* f : {"description", "statement_descriptor"})
    if (const json::value* v = call.param(f)) pi.object[f] = *v;
  if (const json::value* m = call.param("metadata"))
    INTENTD_TRY(api::merge_metadata(pi.object["metadata"].as_object(), *m));
  const int64_t received = pi.object.at("amount_received").as_int64();
  pi.object["amount"] = amount;
  pi.object["amount_capturable"] = amount - received;
  pi.move(PaymentIntentOperation::kIncrementAuthorization, PaymentIntentStatus::kRequiresCapture);

  const json::object before = ch;
  ch["amount"] = amount;
  ch["payment_method_details"].as_object()["card"].as_object()["amount_authorized"] = amount;
  charges::save(txn, origin, ch, before, "charge.updated");
  save(txn, origin, pi, "payment_intent.amount_capturable_updated");
  return json::value(std::move(pi.object));
}

}  // namespace intentd::resources::payment_intents
