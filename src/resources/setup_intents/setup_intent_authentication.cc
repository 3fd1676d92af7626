#include "resources/setup_intents/setup_intent_authentication.h"

#include "resources/payment_methods/payment_methods.h"
#include "resources/setup_intents/setup_attempts.h"
#include "resources/setup_intents/setup_intent_state.h"
#include "util/crypto.h"

namespace intentd::resources::setup_intents {
namespace json = boost::json;

namespace {

Result<Setup> load_checked(store::ReadTxn& txn, std::string_view account, std::string_view id,
                           std::string_view client_secret) {
  auto si = load(txn, account, id);
  // An unknown intent and a wrong secret look the same to the page's visitor.
  if (!si || !util::constant_time_equal(client_secret, si->object.at("client_secret").as_string()))
    return ApiError::resource_missing(kType, id);
  return std::move(*si);
}

std::string redirect_status(SetupIntentStatus s) {
  switch (s) {
    case SetupIntentStatus::kSucceeded:
      return "succeeded";
    case SetupIntentStatus::kProcessing:
      return "processing";
    case SetupIntentStatus::kRequiresPaymentMethod:
    case SetupIntentStatus::kRequiresConfirmation:
    case SetupIntentStatus::kRequiresAction:
    case SetupIntentStatus::kCanceled:
      return "failed";
  }
  return "failed";
}

}  // namespace

Result<AuthenticationView> authentication_view(store::ReadTxn& txn, std::string_view account,
                                               std::string_view id,
                                               std::string_view client_secret) {
  INTENTD_ASSIGN_OR_RETURN(Setup si, load_checked(txn, account, id, client_secret));
  AuthenticationView v;
  v.object = std::string(kType);
  v.id = si.id();
  v.client_secret = std::string(client_secret);
  v.status = si.object.at("status").as_string();
  const json::value& next = si.object.at("next_action");
  v.awaiting = si.status() == SetupIntentStatus::kRequiresAction && next.is_object() &&
               next.as_object().at("type") != "verify_with_microdeposits";
  describe_card(txn, account, si.object.at("payment_method"), v);
  return v;
}

Result<AuthenticationResult> authenticate(store::Txn& txn, const api::Call& call,
                                          std::string_view id, std::string_view client_secret,
                                          bool completed) {
  INTENTD_ASSIGN_OR_RETURN(Setup si, load_checked(txn, call.account, id, client_secret));
  AuthenticationResult r;
  r.object = std::string(kType);
  r.client_secret = std::string(client_secret);
  if (const json::value* url = si.internal.if_contains("return_url"); url && url->is_string())
    r.return_url = url->as_string();
  const json::value& next = si.object.at("next_action");
  const bool awaiting = allowed(SetupIntentOperation::kAuthenticate, si.status()) &&
                        next.is_object() &&
                        next.as_object().at("type") != "verify_with_microdeposits";
  if (awaiting && completed) {
    si.internal["authenticated"] = true;
    const Status s = confirm_setup(call, txn, si);
    if (!s.ok() && !s.error().keep_writes) return s.error();
  } else if (awaiting) {
    json::value pm = nullptr;
    if (const json::value& pm_id = si.object.at("payment_method"); pm_id.is_string())
      if (auto stored = txn.get(call.account, payment_methods::kType, pm_id.as_string()))
        pm = std::move(*stored);
    json::object error{
        {"code", "setup_intent_authentication_failure"},
        {"doc_url", "https://stripe.com/docs/error-codes/setup-intent-authentication-failure"},
        {"message",
         "The latest attempt to set up the payment method has failed because authentication "
         "failed."},
        {"payment_method", pm},
        {"type", "invalid_request_error"}};
    if (const json::value* waiting = si.internal.if_contains("waiting_attempt");
        waiting && waiting->is_string())
      setup_attempts::finish(txn, call.account, waiting->as_string(),
                             setup_attempts::SetupAttemptOperation::kAuthenticate, "failed", error,
                             true);
    si.internal.erase("waiting_attempt");
    si.internal.erase("waiting_payment_method");
    si.internal["authenticated"] = false;
    si.object["last_setup_error"] = std::move(error);
    si.object["payment_method"] = nullptr;
    si.object["next_action"] = nullptr;
    si.move(SetupIntentOperation::kAuthenticate, SetupIntentStatus::kRequiresPaymentMethod);
    save(txn, events::Origin::of(call), si, "setup_intent.setup_failed");
  }
  // Otherwise already decided (a second click, a reload): report what happened.
  r.status = si.object.at("status").as_string();
  r.redirect_status = redirect_status(si.status());
  return r;
}

}  // namespace intentd::resources::setup_intents
