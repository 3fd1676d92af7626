// Capturing a PaymentIntent held with capture_method=manual: all of it, part of it (the rest
// is released), several parts with multicapture, or more than authorized with overcapture.
#include <boost/json/object.hpp>

#include "api/metadata.h"
#include "domain/amount_details.h"
#include "resources/money/charges.h"
#include "resources/money/ledger.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_intents/payment_intents.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;
using api::Call;
using api::Param;

namespace {

constexpr int64_t kMaxCaptures = 50;

int64_t number(const json::object& o, std::string_view key, int64_t fallback = 0) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<int64_t>() : fallback;
}

bool flag(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}

}  // namespace

Param capture_params() {
  return Param::hash({
      {"amount_details", amount_details_param()},
      {"amount_to_capture", Param::integer().min(0)},
      {"application_fee_amount", Param::unsupported()},
      {"final_capture", Param::boolean()},
      {"hooks", Param::unsupported()},
      {"metadata", Param::metadata()},
      {"payment_details", payment_details_param()},
      {"statement_descriptor", Param::string().max_length(22)},
      {"statement_descriptor_suffix", Param::string().max_length(22)},
      {"transfer_data", Param::unsupported()},
  });
}

Result<json::value> capture(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load(txn, call, call.arg(0)));
  if (!allowed(PaymentIntentOperation::kCapture, pi.status())) {
    ApiError e = unexpected_state(PaymentIntentOperation::kCapture, pi.status());
    e.extra["payment_intent"] = pi.object;
    return e;
  }
  const int64_t capturable = pi.object.at("amount_capturable").as_int64();
  const bool multicapture = flag(pi.internal, "multicapture");
  const bool overcapture = flag(pi.internal, "overcapture");
  const int64_t captures = number(pi.internal, "captures");
  const int64_t amount =
      call.param("amount_to_capture") ? call.param("amount_to_capture")->as_int64() : capturable;
  const bool asked_final = !call.param("final_capture") || call.param("final_capture")->as_bool();
  if (!asked_final && !multicapture)
    return ApiError::invalid_request(
        "final_capture=false is only allowed when multicapture is available for this "
        "PaymentIntent (payment_method_options[card][request_multicapture]=if_available).",
        "final_capture");
  if (captures >= kMaxCaptures)
    return ApiError::invalid_request("This PaymentIntent has already been captured " +
                                         std::to_string(kMaxCaptures) +
                                         " times, the most a multicapture payment allows.",
                                     "amount_to_capture");
  // Overcapture lets the first capture go past the authorization, up to the card's limit.
  const int64_t limit = overcapture && captures == 0
                            ? number(pi.internal, "maximum_amount_capturable", capturable)
                            : capturable;
  if (amount > limit)
    return ApiError::invalid_request("The amount_to_capture (" + std::to_string(amount) +
                                         ") is greater than the amount that can be captured (" +
                                         std::to_string(limit) + ").",
                                     "amount_to_capture", "amount_too_large");
  // Capturing everything that is left finishes the payment, final_capture or not.
  const bool final = asked_final || amount >= capturable;

  // Line items: the first capture replaces (or unsets) the creation's; later ones add up.
  std::optional<json::object> details;
  if (const json::value* d = pi.internal.if_contains("amount_details"); d && d->is_object())
    details = d->as_object();
  const json::value* recorded = pi.internal.if_contains("capture_details");
  const auto state = recorded == nullptr               ? domain::CaptureDetails::kNoCaptureYet
                     : recorded->as_string() == "with" ? domain::CaptureDetails::kWith
                                                       : domain::CaptureDetails::kWithout;
  const json::value* recorded_items = pi.internal.if_contains("capture_line_items");
  const auto items_state = recorded_items == nullptr ? domain::CaptureDetails::kNoCaptureYet
                           : recorded_items->as_string() == "with"
                               ? domain::CaptureDetails::kWith
                               : domain::CaptureDetails::kWithout;
  INTENTD_ASSIGN_OR_RETURN(
      domain::CapturedDetails captured,
      domain::capture_amount_details(details, state, items_state, call.param("amount_details"),
                                     amount, call.now_ms));
  if (captured.details)
    pi.internal["amount_details"] = *captured.details;
  else
    pi.internal.erase("amount_details");
  pi.internal["capture_details"] =
      captured.state == domain::CaptureDetails::kWith ? "with" : "without";
  pi.internal["capture_line_items"] =
      captured.items_state == domain::CaptureDetails::kWith ? "with" : "without";
  pi.object["amount_details"] = domain::shown_amount_details(captured.details);
  apply_payment_details(pi, call);

  const events::Origin origin = events::Origin::of(call);
  INTENTD_ASSIGN_OR_RETURN(
      json::object ch, charges::load(txn, call.account, pi.object.at("latest_charge").as_string()));
  const json::object charge_before = ch;
  for (const char* field : {"statement_descriptor", "statement_descriptor_suffix"})
    if (const json::value* v = call.param(field)) pi.object[field] = *v;
  if (const json::value* m = call.param("metadata"))
    INTENTD_TRY(api::merge_metadata(pi.object["metadata"].as_object(), *m));

  const int64_t received = pi.object.at("amount_received").as_int64() + amount;
  ch["amount_captured"] = ch.at("amount_captured").as_int64() + amount;
  // Each capture writes its balance transaction; the charge shows the latest one.
  if (amount > 0)
    ch["balance_transaction"] =
        ledger::record_capture(txn, origin, ch, amount, ledger::funds_source(txn, call.account, ch))
            .at("id");
  if (amount > capturable) {
    // Overcaptured: the payment's amount becomes what was captured.
    pi.object["amount"] = amount;
    ch["amount"] = amount;
  }
  pi.object["amount_received"] = received;
  pi.internal["captures"] = captures + 1;
  if (final) {
    // The rest of the authorization is released.
    const int64_t released =
        std::max<int64_t>(0, ch.at("amount").as_int64() - ch.at("amount_captured").as_int64());
    ch["amount_refunded"] = ch.at("amount_refunded").as_int64() + released;
    ch["captured"] = true;
    charges::save(txn, origin, ch, charge_before, "charge.captured");
    pi.object["amount_capturable"] = 0;
    pi.move(PaymentIntentOperation::kCapture, PaymentIntentStatus::kSucceeded);
    if (multicapture) save(txn, origin, pi, "payment_intent.amount_capturable_updated");
    save(txn, origin, pi, "payment_intent.succeeded");
  } else {
    charges::save(txn, origin, ch, charge_before, "charge.updated");
    pi.object["amount_capturable"] = capturable - amount;
    pi.move(PaymentIntentOperation::kCapture, PaymentIntentStatus::kRequiresCapture);
    save(txn, origin, pi, "payment_intent.amount_capturable_updated");
  }
  return json::value(std::move(pi.object));
}

}  // namespace intentd::resources::payment_intents
