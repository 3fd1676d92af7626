// Confirming a SetupIntent: one setup attempt with its payment method, decided by the
// processor simulator — succeeded (the method attached and, for bank debits, a mandate),
// requires_action (3-D Secure, or microdeposits for a US bank account), or a failure back to
// requires_payment_method — and verifying microdeposits.
#include <algorithm>
#include <boost/json/array.hpp>

#include "api/urls.h"
#include "domain/processor.h"
#include "resources/payment_methods/mandates.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/setup_intents/setup_attempts.h"
#include "resources/setup_intents/setup_intent_state.h"
#include "resources/setup_intents/setup_intents.h"
#include "resources/shared/authentication.h"
#include "resources/shared/intent_methods.h"

namespace intentd::resources::setup_intents {
namespace json = boost::json;
using api::Call;
using payment_methods::Instrument;

namespace {

constexpr int64_t kMicrodepositArrivalSeconds = 2 * 24 * 3600;

bool flag(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

Result<Instrument> payment_method_for(const Call& call, store::Txn& txn, const Setup& si) {
  return method_to_confirm(call, txn, si.object, "setup_intent", "SetupIntent",
                           "setup_intent_unexpected_state");
}

Status check_usable(const Setup& si, const Instrument& pm) {
  return check_method_usable(si.object, si.customer(), pm, "SetupIntent",
                             "setup_intent_incompatible_payment_method");
}

// last_setup_error (and an attempt's setup_error): Stripe's error fields plus the method.
json::object setup_error(const ApiError& e, const Instrument& pm) {
  const json::object err = e.to_json()["error"].as_object();
  json::object out;
  for (const char* k : {"code", "decline_code", "doc_url", "message", "param"})
    if (err.contains(k)) out[k] = err.at(k);
  out["payment_method"] = pm.object;
  out["type"] = err.at("type");
  return out;
}

// Ties the attempt to the intent: the one waiting for authentication or microdeposits goes
// on; otherwise a new one is recorded.
void record_attempt(const Call& call, store::Txn& txn, Setup& si, const Instrument& pm,
                    std::string_view status, const json::value& error) {
  const events::Origin origin = events::Origin::of(call);
  const std::string waiting = text(si.internal, "waiting_attempt");
  if (!waiting.empty() && text(si.internal, "waiting_payment_method") == pm.id()) {
    setup_attempts::finish(txn, call.account, waiting,
                           setup_attempts::SetupAttemptOperation::kResume, status, error,
                           flag(si.internal, "authenticated"));
    si.object["latest_attempt"] = waiting;
  } else {
    si.object["latest_attempt"] = setup_attempts::create(txn, origin, si.object, pm, status, error);
  }
  if (status == "requires_action") {
    si.internal["waiting_attempt"] = si.object.at("latest_attempt");
    si.internal["waiting_payment_method"] = pm.id();
  } else {
    si.internal.erase("waiting_attempt");
    si.internal.erase("waiting_payment_method");
  }
}

// The setup worked: the mandate of a bank debit, the method attached to the customer and
// remembered as set up for off-session payments.
Status succeed(const Call& call, store::Txn& txn, Setup& si, SetupIntentOperation op,
               Instrument& pm, const json::value& acceptance) {
  const events::Origin origin = events::Origin::of(call);
  if (pm.bank) {
    const json::value* single_use = si.internal.if_contains("single_use");
    const bool once = single_use != nullptr && single_use->is_object();
    const json::object m =
        mandates::create(txn, origin, pm, acceptance, once ? single_use : nullptr);
    si.object[once ? "single_use_mandate" : "mandate"] = m.at("id");
  }
  if (!si.customer().empty())
    INTENTD_TRY(payment_methods::attach_to_customer(call, txn, pm, si.customer()));
  if (si.object.at("usage") == "off_session") pm.set_up_for_off_session = true;
  payment_methods::save_state(call, txn, pm);
  si.object["next_action"] = nullptr;
  si.object["last_setup_error"] = nullptr;
  si.move(op, SetupIntentStatus::kSucceeded);
  record_attempt(call, txn, si, pm, "succeeded", nullptr);
  si.internal.erase("mandate_acceptance");
  save(txn, origin, si, "setup_intent.succeeded");
  return Status::Ok();
}

// The setup failed: back to requires_payment_method with the error.
void fail(const Call& call, store::Txn& txn, Setup& si, SetupIntentOperation op,
          const Instrument& pm, const ApiError& e) {
  const json::object error = setup_error(e, pm);
  si.object["last_setup_error"] = error;
  si.object["payment_method"] = nullptr;
  si.object["next_action"] = nullptr;
  si.move(op, SetupIntentStatus::kRequiresPaymentMethod);
  record_attempt(call, txn, si, pm, "failed", error);
  si.internal["authenticated"] = false;
  si.internal.erase("mandate_acceptance");
  save(txn, events::Origin::of(call), si, "setup_intent.setup_failed");
}

Status confirm_bank(const Call& call, store::Txn& txn, Setup& si, Instrument& pm) {
  const json::value acceptance =
      mandates::customer_acceptance(call.param("mandate_data"), call.now);
  if (acceptance.is_null())
    return ApiError::invalid_request(
        "A mandate is required to set up a " + pm.type() +
            " PaymentMethod: pass mandate_data[customer_acceptance] with the customer's "
            "acceptance of the debit terms.",
        "mandate_data", "parameter_missing");
  if (pm.bank->type == "us_bank_account" && !pm.bank->instantly_verified) {
    if (pm.bank->microdeposits_fail) {
      fail(call, txn, si, SetupIntentOperation::kConfirm, pm,
           ApiError::invalid_request(
               "Microdeposits failed to be deposited into the customer's bank account. Please "
               "check the account, institution and transit numbers as well as the currency type.",
               {}, "payment_method_microdeposit_failed"));
      return Status::Ok();
    }
    // Microdeposits go out; the setup waits until their amounts come back.
    si.move(SetupIntentOperation::kConfirm, SetupIntentStatus::kRequiresAction);
    si.object["next_action"] = json::object{
        {"type", "verify_with_microdeposits"},
        {"verify_with_microdeposits",
         json::object{
             {"arrival_date", call.now + kMicrodepositArrivalSeconds},
             {"hosted_verification_url",
              call.settings->public_url + "/intentd/microdeposits/" + call.account + "/" + si.id()},
             {"microdeposit_type", "amounts"}}}};
    si.internal["mandate_acceptance"] = acceptance;
    record_attempt(call, txn, si, pm, "requires_action", nullptr);
    save(txn, events::Origin::of(call), si, "setup_intent.requires_action");
    return Status::Ok();
  }
  return succeed(call, txn, si, SetupIntentOperation::kConfirm, pm, acceptance);
}

}  // namespace

Status confirm_setup(const Call& call, store::Txn& txn, Setup& si) {
  if (const json::value* url = call.param("return_url"))
    INTENTD_TRY(api::check_url(url->as_string(), "return_url", api::UrlKind::kRedirect));
  INTENTD_ASSIGN_OR_RETURN(Instrument pm, payment_method_for(call, txn, si));
  INTENTD_TRY(check_usable(si, pm));
  if (const json::value& current = si.object.at("payment_method");
      !current.is_string() || current.as_string() != pm.id())
    si.internal["authenticated"] = false;  // a new method has not been authenticated
  si.object["payment_method"] = pm.id();
  if (pm.bank) return confirm_bank(call, txn, si, pm);

  domain::Attempt attempt;
  attempt.is_setup = true;
  attempt.authenticated = flag(si.internal, "authenticated");
  const domain::CardDecision d = domain::decide(*pm.card, attempt);
  switch (d.verdict) {
    case domain::Verdict::kSucceed:
      return succeed(call, txn, si, SetupIntentOperation::kConfirm, pm, nullptr);
    case domain::Verdict::kRequiresAction:
      si.move(SetupIntentOperation::kConfirm, SetupIntentStatus::kRequiresAction);
      si.object["next_action"] =
          authentication_next_action(call, si.id(), si.object.at("client_secret").as_string());
      si.internal["return_url"] =
          call.param("return_url") ? *call.param("return_url") : json::value(nullptr);
      record_attempt(call, txn, si, pm, "requires_action", nullptr);
      save(txn, events::Origin::of(call), si, "setup_intent.requires_action");
      return Status::Ok();
    case domain::Verdict::kDecline: {
      ApiError e = domain::card_error(d.decline);
      fail(call, txn, si, SetupIntentOperation::kConfirm, pm, e);
      e.extra["payment_method"] = pm.object;
      e.extra["setup_intent"] = si.object;
      e.keep_writes = true;
      return e;
    }
  }
  return Status::Ok();
}

Result<json::value> verify_microdeposits(const Call& call, store::Txn& txn) {
  INTENTD_ASSIGN_OR_RETURN(Setup si, load(txn, call, call.arg(0)));
  INTENTD_TRY(check_client_secret(call, si));
  const json::value& next = si.object.at("next_action");
  if (!allowed(SetupIntentOperation::kVerifyMicrodeposits, si.status()) || !next.is_object() ||
      next.as_object().at("type") != "verify_with_microdeposits") {
    ApiError e = si.status() == SetupIntentStatus::kRequiresAction
                     ? ApiError::invalid_request(
                           "This SetupIntent is waiting for 3-D Secure authentication, not for "
                           "microdeposits to be verified.",
                           {}, "setup_intent_unexpected_state")
                     : unexpected_state(SetupIntentOperation::kVerifyMicrodeposits, si.status());
    e.extra["setup_intent"] = si.object;
    return e;
  }
  const json::value* amounts = call.param("amounts");
  const json::value* code = call.param("descriptor_code");
  if ((amounts == nullptr) == (code == nullptr))
    return ApiError::invalid_request(
        "You must provide either amounts or descriptor_code to verify microdeposits, but not "
        "both.",
        amounts == nullptr ? "amounts" : "descriptor_code");
  std::vector<int64_t> given;
  if (amounts != nullptr) {
    for (const auto& a : amounts->as_array()) given.push_back(a.as_int64());
    if (given.size() != 2)
      return ApiError::invalid_request("You must provide exactly two amounts.", "amounts",
                                       "payment_method_microdeposit_verification_amounts_invalid");
    std::sort(given.begin(), given.end());
  }
  auto is = [&](int64_t a, int64_t b, std::string_view descriptor) {
    return amounts != nullptr ? given == std::vector<int64_t>{a, b}
                              : code->as_string() == descriptor;
  };

  const std::string pm_id(si.object.at("payment_method").as_string());
  INTENTD_ASSIGN_OR_RETURN(Instrument pm,
                           payment_methods::resolve(call, txn, pm_id, "payment_method"));
  if (is(32, 45, "SM11AA")) {
    const json::value acceptance = si.internal.contains("mandate_acceptance")
                                       ? si.internal.at("mandate_acceptance")
                                       : json::value(nullptr);
    INTENTD_TRY(succeed(call, txn, si, SetupIntentOperation::kVerifyMicrodeposits, pm, acceptance));
    return json::value(std::move(si.object));
  }
  // The two ends that give up on this bank account, and the mismatch that lets the customer
  // try again.
  ApiError e;
  if (is(10, 11, "SM33CC"))
    e = ApiError::invalid_request("You have exceeded the number of allowed verification attempts.",
                                  {}, "payment_method_microdeposit_verification_attempts_exceeded");
  else if (is(40, 41, "SM44DD"))
    e = ApiError::invalid_request(
        "Microdeposit verification has timed out: the microdeposits were not verified within "
        "10 days. Set up the bank account again.",
        {}, "payment_method_microdeposit_verification_timeout");
  else if (amounts != nullptr)
    return ApiError::invalid_request(
        "The amounts provided do not match the amounts that were sent to the bank account.",
        "amounts", "payment_method_microdeposit_verification_amounts_mismatch");
  else
    return ApiError::invalid_request(
        "The verification code provided does not match the one sent to the bank account.",
        "descriptor_code", "payment_method_microdeposit_verification_descriptor_code_mismatch");
  fail(call, txn, si, SetupIntentOperation::kVerifyMicrodeposits, pm, e);
  e.extra["setup_intent"] = si.object;
  e.keep_writes = true;
  return e;
}

}  // namespace intentd::resources::setup_intents
