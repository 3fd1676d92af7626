#include "resources/payment_intents/payment_intent_authentication.h"

#include <boost/json/object.hpp>

#include "api/call.h"
#include "events/event_log.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/payment_methods/payment_methods.h"
#include "util/crypto.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;

namespace {

Result<Intent> load_checked(store::ReadTxn& txn, std::string_view account, std::string_view id,
                            std::string_view client_secret) {
  auto pi = load(txn, account, id);
  // An unknown intent and a wrong secret look the same to the page's visitor.
  if (!pi || !util::constant_time_equal(client_secret, pi->object.at("client_secret").as_string()))
    return ApiError::resource_missing("payment_intent", id);
  return std::move(*pi);
}

std::string redirect_status(PaymentIntentStatus s) {
  switch (s) {
    case PaymentIntentStatus::kSucceeded:
    case PaymentIntentStatus::kRequiresCapture:
      return "succeeded";
    case PaymentIntentStatus::kProcessing:
      return "processing";
    case PaymentIntentStatus::kRequiresConfirmation:
      return "succeeded";  // authenticated; the server confirms next (confirmation_method=manual)
    case PaymentIntentStatus::kRequiresPaymentMethod:
    case PaymentIntentStatus::kRequiresAction:
    case PaymentIntentStatus::kCanceled:
      return "failed";
  }
  return "failed";
}

}  // namespace

Result<AuthenticationView> authentication_view(store::ReadTxn& txn, std::string_view account,
                                               std::string_view id,
                                               std::string_view client_secret) {
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load_checked(txn, account, id, client_secret));
  AuthenticationView v;
  v.object = std::string(kType);
  v.id = pi.id();
  v.client_secret = std::string(client_secret);
  v.amount = pi.amount();
  v.currency = pi.object.at("currency").as_string();
  v.status = pi.object.at("status").as_string();
  v.awaiting = pi.status() == PaymentIntentStatus::kRequiresAction;
  describe_card(txn, account, pi.object.at("payment_method"), v);
  return v;
}

Result<AuthenticationResult> authenticate(store::Txn& txn, const api::Call& call,
                                          std::string_view id, std::string_view client_secret,
                                          bool completed) {
  const std::string_view account = call.account;
  INTENTD_ASSIGN_OR_RETURN(Intent pi, load_checked(txn, account, id, client_secret));
  AuthenticationResult r;
  r.object = std::string(kType);
  r.client_secret = std::string(client_secret);
  const json::value* return_url = pi.internal.if_contains("return_url");
  if (return_url != nullptr && return_url->is_string()) r.return_url = return_url->as_string();
  if (!allowed(PaymentIntentOperation::kAuthenticate, pi.status())) {
    // Already decided (a second click, a reload): report what happened.
    r.status = pi.object.at("status").as_string();
    r.redirect_status = redirect_status(pi.status());
    return r;
  }

  const events::Origin origin = events::Origin::of(call);
  if (completed && pi.object.at("confirmation_method") == "manual") {
    // The server confirms again itself; the authentication is remembered until then.
    pi.internal["authenticated"] = true;
    pi.object["next_action"] = nullptr;
    pi.move(PaymentIntentOperation::kAuthenticate, PaymentIntentStatus::kRequiresConfirmation);
    save(txn, origin, pi);
  } else if (completed) {
    pi.internal["authenticated"] = true;
    const Status s = confirm_intent(call, txn, pi);
    // A decline after authentication is an outcome for the page, not an error.
    if (!s.ok() && !s.error().keep_writes) return s.error();
  } else {
    json::value pm = nullptr;
    if (const json::value& pm_id = pi.object.at("payment_method"); pm_id.is_string())
      if (auto stored = txn.get(account, payment_methods::kType, pm_id.as_string()))
        pm = std::move(*stored);
    ApiError e = ApiError::invalid_request(
        "The provided PaymentMethod has failed authentication. You can provide "
        "payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent "
        "again.",
        {}, "payment_intent_authentication_failure");
    json::object error = e.to_json()["error"].as_object();
    error["payment_method"] = std::move(pm);
    pi.object["last_payment_error"] = std::move(error);
    pi.object["payment_method"] = nullptr;
    pi.object["next_action"] = nullptr;
    pi.internal["authenticated"] = false;
    pi.move(PaymentIntentOperation::kAuthenticate, PaymentIntentStatus::kRequiresPaymentMethod);
    save(txn, origin, pi, "payment_intent.payment_failed");
  }
  r.status = pi.object.at("status").as_string();
  r.redirect_status = redirect_status(pi.status());
  return r;
}

}  // namespace intentd::resources::payment_intents
