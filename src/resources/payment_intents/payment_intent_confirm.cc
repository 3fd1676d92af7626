// Confirming a PaymentIntent: one payment attempt with its payment method, decided by the
// processor simulator, ending in succeeded, requires_capture, requires_action, processing, or
// a decline back to requires_payment_method.
#include <boost/json/array.hpp>

#include "api/urls.h"
#include "base/ids.h"
#include "domain/processor.h"
#include "resources/money/charges.h"
#include "resources/money/ledger.h"
#include "resources/payment_intents/payment_intent_expiry.h"
#include "resources/payment_intents/payment_intent_settlement.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/shared/authentication.h"
#include "resources/shared/intent_methods.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;
using api::Call;
using payment_methods::Instrument;

namespace {

bool flag(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}

const json::value* card_option(const Intent& pi, std::string_view key) {
  const json::value* pmo = pi.object.if_contains("payment_method_options");
  if (pmo == nullptr || !pmo->is_object()) return nullptr;
  const json::value* card = pmo->as_object().if_contains("card");
  if (card == nullptr || !card->is_object()) return nullptr;
  return card->as_object().if_contains(key);
}

bool requested(const Intent& pi, std::string_view option) {
  const json::value* v = card_option(pi, option);
  return v != nullptr && v->is_string() && v->as_string() == "if_available";
}

bool manual_capture(const Intent& pi) {
  const json::value* m = card_option(pi, "capture_method");
  return pi.object.at("capture_method").as_string() == "manual" ||
         (m != nullptr && m->is_string() && m->as_string() == "manual");
}

// setup_future_usage for this payment method's type (its per-type option wins).
std::string setup_future_usage(const Intent& pi, const std::string& type) {
  if (const json::value* pmo = pi.object.if_contains("payment_method_options");
      pmo != nullptr && pmo->is_object())
    if (const json::value* t = pmo->as_object().if_contains(type); t && t->is_object())
      if (const json::value* s = t->as_object().if_contains("setup_future_usage");
          s && s->is_string())
        return s->as_string() == "none" ? std::string() : std::string(s->as_string());
  const json::value& s = pi.object.at("setup_future_usage");
  return s.is_string() ? std::string(s.as_string()) : std::string();
}

Result<bool> off_session(const Call& call) {
  const json::value* v = call.param("off_session");
  if (v == nullptr) return false;
  std::string_view s = v->as_string();
  if (s == "true" || s == "True" || s == "one_off" || s == "recurring") return true;
  if (s == "false" || s == "False") return false;
  return ApiError::invalid_request("Invalid off_session: must be a boolean, one_off or recurring",
                                   "off_session");
}

Result<Instrument> payment_method_for(const Call& call, store::Txn& txn, const Intent& pi) {
  return method_to_confirm(call, txn, pi.object, "payment_intent", "PaymentIntent",
                           "payment_intent_unexpected_state");
}

Status check_usable(const Intent& pi, const Instrument& pm) {
  INTENTD_TRY(check_method_usable(pi.object, pi.customer(), pm, "PaymentIntent",
                                  "payment_intent_incompatible_payment_method"));
  const std::string type = pm.type();
  const std::string currency(pi.object.at("currency").as_string());
  if ((type == "sepa_debit" && currency != "eur") ||
      (type == "us_bank_account" && currency != "usd"))
    return ApiError::invalid_request(
        "The currency provided (" + currency + ") is invalid for " + type + " payments.",
        "currency", "payment_intent_incompatible_payment_method");
  return Status::Ok();
}

// The intent's last_payment_error and the 402 answer for a declined attempt.
ApiError decline_error(const domain::Decline& d, const json::object& charge, const Instrument& pm) {
  ApiError e = domain::card_error(d);
  e.extra["charge"] = charge.at("id");
  e.extra["payment_method"] = pm.object;
  return e;
}

json::object last_payment_error(const ApiError& e) {
  json::object err = e.to_json()["error"].as_object();
  err.erase("charge");
  json::object out;
  // Stripe's order: charge, code, decline_code, doc_url, message, payment_method, type.
  out["charge"] = e.extra.at("charge");
  for (const char* k : {"code", "decline_code", "doc_url", "message", "param"})
    if (err.contains(k)) out[k] = err[k];
  out["payment_method"] = e.extra.at("payment_method");
  out["type"] = err["type"];
  return out;
}

// A successful card authorization: captured now, or held for a manual capture.
void authorized(const Call& call, store::Txn& txn, Intent& pi, Instrument& pm) {
  const events::Origin origin = events::Origin::of(call);
  const bool manual = manual_capture(pi);
  charges::Attempt a;
  a.status = charges::AttemptStatus::kSucceeded;
  a.captured = !manual;
  a.multicapture = manual && requested(pi, "request_multicapture") && pm.card->multicapture;
  a.overcapture = manual && requested(pi, "request_overcapture") && pm.card->overcapture;
  a.incremental_authorization = manual && requested(pi, "request_incremental_authorization") &&
                                pm.card->incremental_authorization;
  // Test mode's overcapture limit: the authorization plus 20%.
  a.maximum_amount_capturable = a.overcapture ? pi.amount() + pi.amount() / 5 : pi.amount();
  a.risk_level = pm.card->risk_level;
  // capture_method=automatic shows the capture's balance transaction on the charge from the
  // start; automatic_async (the default) shows null first and sets it with charge.updated.
  const bool async_capture = pi.object.at("capture_method").as_string() == "automatic_async";
  if (!manual) a.balance_transaction = new_id(ledger::kTransaction, call.now_ms);
  a.balance_transaction_follows = !manual && async_capture;
  json::object ch = charges::create(txn, origin, pi.object, pm, a);
  pi.object["latest_charge"] = ch.at("id");
  pi.object["last_payment_error"] = nullptr;
  pi.object["next_action"] = nullptr;
  pi.internal["multicapture"] = a.multicapture;
  pi.internal["overcapture"] = a.overcapture;
  pi.internal["maximum_amount_capturable"] = a.maximum_amount_capturable;
  pi.internal["captures"] = 0;
  if (manual) {
    pi.move(PaymentIntentOperation::kConfirm, PaymentIntentStatus::kRequiresCapture);
    schedule_authorization_expiry(txn, origin, pi.id());
    pi.object["amount_capturable"] = pi.amount();
    save(txn, origin, pi, "payment_intent.amount_capturable_updated");
  } else {
    pi.move(PaymentIntentOperation::kConfirm, PaymentIntentStatus::kSucceeded);
    pi.object["amount_received"] = pi.amount();
    save(txn, origin, pi, "payment_intent.succeeded");
    const ledger::FundsSource source{pm.type(), pm.card->bypass_pending};
    ledger::record_capture(txn, origin, ch, pi.amount(), source, a.balance_transaction);
    if (a.balance_transaction_follows) {
      json::object before = ch;
      before["balance_transaction"] = nullptr;
      charges::announce(txn, origin, ch, before, "charge.updated");
    }
  }
}

}  // namespace

Status confirm_intent(const Call& call, store::Txn& txn, Intent& pi) {
  const events::Origin origin = events::Origin::of(call);
  if (const json::value* url = call.param("return_url"))
    INTENTD_TRY(api::check_url(url->as_string(), "return_url", api::UrlKind::kRedirect));
  INTENTD_ASSIGN_OR_RETURN(Instrument pm, payment_method_for(call, txn, pi));
  INTENTD_TRY(check_usable(pi, pm));
  INTENTD_ASSIGN_OR_RETURN(const bool absent, off_session(call));
  if (const json::value& current = pi.object.at("payment_method");
      !current.is_string() || current.as_string() != pm.id())
    pi.internal["authenticated"] = false;  // a new method has not been authenticated
  pi.object["payment_method"] = pm.id();

  // Saving the method for later: attach it to the intent's customer (cards on success, bank
  // debits once the mandate is accepted at confirmation).
  const std::string future = setup_future_usage(pi, pm.type());
  auto keep_method = [&]() -> Status {
    if (!future.empty() && !pi.customer().empty()) {
      INTENTD_TRY(payment_methods::attach_to_customer(call, txn, pm, pi.customer()));
      if (future == "off_session") pm.set_up_for_off_session = true;
    } else if (pm.customer().empty()) {
      pm.consumed = true;  // without a customer a payment method is good for one payment
    }
    payment_methods::save_state(call, txn, pm);
    return Status::Ok();
  };

  if (pm.bank && pm.bank->blocked_by_radar) {
    // Radar stops the debit before it is sent: a failed charge and no processing.
    charges::Attempt a;
    a.status = charges::AttemptStatus::kFailed;
    a.decline = pm.bank->failure;
    a.blocked = true;
    json::object ch = charges::create(txn, origin, pi.object, pm, a);
    ApiError e = decline_error(pm.bank->failure, ch, pm);
    pi.object["latest_charge"] = ch.at("id");
    pi.object["last_payment_error"] = last_payment_error(e);
    pi.object["payment_method"] = nullptr;
    pi.object["next_action"] = nullptr;
    pi.move(PaymentIntentOperation::kConfirm, PaymentIntentStatus::kRequiresPaymentMethod);
    save(txn, origin, pi, "payment_intent.payment_failed");
    e.extra["payment_intent"] = pi.object;
    e.keep_writes = true;
    return e;
  }
  if (pm.bank) {
    charges::Attempt a;
    a.status = charges::AttemptStatus::kPending;
    json::object ch = charges::create(txn, origin, pi.object, pm, a);
    pi.object["latest_charge"] = ch.at("id");
    pi.object["last_payment_error"] = nullptr;
    pi.object["next_action"] = nullptr;
    pi.move(PaymentIntentOperation::kConfirm, PaymentIntentStatus::kProcessing);
    INTENTD_TRY(keep_method());
    schedule_settlement(txn, origin, pi.id(), std::string(ch.at("id").as_string()),
                        pm.bank->extra_delay_ms);
    save(txn, origin, pi, "payment_intent.processing");
    return Status::Ok();
  }

  domain::Attempt attempt;
  attempt.off_session = absent;
  attempt.set_up_for_off_session = pm.set_up_for_off_session;
  attempt.authenticated = flag(pi.internal, "authenticated");
  domain::CardDecision d = domain::decide(*pm.card, attempt);
  const bool refuse_action =
      call.param("error_on_requires_action") && call.param("error_on_requires_action")->as_bool();
  if (d.verdict == domain::Verdict::kRequiresAction && refuse_action) {
    d.verdict = domain::Verdict::kDecline;
    d.decline = {"authentication_required", "authentication_required",
                 "Your card was declined. This transaction requires authentication.", ""};
  }
  switch (d.verdict) {
    case domain::Verdict::kSucceed:
      authorized(call, txn, pi, pm);
      INTENTD_TRY(keep_method());
      return Status::Ok();
    case domain::Verdict::kRequiresAction:
      pi.move(PaymentIntentOperation::kConfirm, PaymentIntentStatus::kRequiresAction);
      pi.object["next_action"] =
          authentication_next_action(call, pi.id(), pi.object.at("client_secret").as_string());
      pi.internal["return_url"] =
          call.param("return_url") ? *call.param("return_url") : json::value(nullptr);
      save(txn, origin, pi, "payment_intent.requires_action");
      return Status::Ok();
    case domain::Verdict::kDecline: {
      charges::Attempt a;
      a.status = charges::AttemptStatus::kFailed;
      a.decline = d.decline;
      a.risk_level = pm.card->risk_level;
      // Radar's highest risk level blocks the payment before it reaches the network.
      a.blocked = pm.card->risk_level == "highest" && d.decline.decline_code == "fraudulent";
      json::object ch = charges::create(txn, origin, pi.object, pm, a);
      ApiError e = decline_error(d.decline, ch, pm);
      pi.object["latest_charge"] = ch.at("id");
      pi.object["last_payment_error"] = last_payment_error(e);
      pi.object["payment_method"] = nullptr;
      pi.object["next_action"] = nullptr;
      pi.internal["authenticated"] = false;
      pi.move(PaymentIntentOperation::kConfirm, PaymentIntentStatus::kRequiresPaymentMethod);
      save(txn, origin, pi, "payment_intent.payment_failed");
      e.extra["payment_intent"] = pi.object;
      e.keep_writes = true;
      return e;
    }
  }
  return Status::Ok();
}

}  // namespace intentd::resources::payment_intents
