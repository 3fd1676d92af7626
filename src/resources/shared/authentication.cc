#include "resources/shared/authentication.h"

#include "base/api_error.h"
#include "base/ids.h"
#include "resources/checkout/checkout_session_page.h"
#include "resources/payment_intents/payment_intent_authentication.h"
#include "resources/payment_intents/payment_intent_state.h"
#include "resources/payment_methods/payment_methods.h"
#include "resources/setup_intents/setup_intent_authentication.h"
#include "resources/setup_intents/setup_intent_state.h"

namespace intentd::resources {
namespace json = boost::json;

json::object authentication_next_action(const api::Call& call, std::string_view id,
                                        std::string_view client_secret) {
  const std::string url = call.base_url + "/intentd/authenticate/" + call.account + "/" +
                          std::string(id) + "?client_secret=" + std::string(client_secret);
  const json::value* return_url = call.param("return_url");
  const bool sdk = call.param("use_stripe_sdk") && call.param("use_stripe_sdk")->as_bool();
  if (return_url != nullptr && !sdk)
    return {{"redirect_to_url", json::object{{"return_url", *return_url}, {"url", url}}},
            {"type", "redirect_to_url"}};
  return {{"type", "use_stripe_sdk"},
          {"use_stripe_sdk", json::object{{"source", new_id("src")},
                                          {"stripe_js", url},
                                          {"type", "three_d_secure_redirect"}}}};
}

void describe_card(store::ReadTxn& txn, std::string_view account, const json::value& pm_id,
                   AuthenticationView& view) {
  if (!pm_id.is_string()) return;
  auto pm = txn.get(account, payment_methods::kType, pm_id.as_string());
  if (!pm) return;
  const json::value* card = pm->if_contains("card");
  if (card == nullptr || !card->is_object()) return;
  view.card_brand = card->as_object().at("brand").as_string();
  view.card_last4 = card->as_object().at("last4").as_string();
}

Result<AuthenticationView> authentication_view(store::ReadTxn& txn, std::string_view account,
                                               std::string_view id,
                                               std::string_view client_secret) {
  if (has_prefix(id, "seti"))
    return setup_intents::authentication_view(txn, account, id, client_secret);
  if (has_prefix(id, "pi"))
    return payment_intents::authentication_view(txn, account, id, client_secret);
  return ApiError::resource_missing("payment_intent", id);
}

Result<AuthenticationResult> authenticate(store::Txn& txn, std::string_view account,
                                          std::string_view id, std::string_view client_secret,
                                          bool completed, int64_t now_ms,
                                          const std::string& request_id,
                                          const std::string& base_url) {
  const api::Call call = page_call(account, now_ms, request_id, base_url);
  Result<AuthenticationResult> r = ApiError::resource_missing("payment_intent", id);
  std::optional<json::object> internal;
  if (has_prefix(id, "seti")) {
    r = setup_intents::authenticate(txn, call, id, client_secret, completed);
    if (r.ok())
      if (auto si = setup_intents::load(txn, account, id)) internal = std::move(si->internal);
  } else if (has_prefix(id, "pi")) {
    r = payment_intents::authenticate(txn, call, id, client_secret, completed);
    if (r.ok())
      if (auto pi = payment_intents::load(txn, account, id)) internal = std::move(pi->internal);
  }
  // An intent a Checkout Session started: the session learns the outcome now, not only when
  // the browser follows return_url back to the checkout page.
  if (internal)
    if (const json::value* cs = internal->if_contains("checkout_session"); cs && cs->is_string())
      checkout_sessions::authenticated(txn, call, cs->as_string());
  return r;
}

api::Call page_call(std::string_view account, int64_t now_ms, const std::string& request_id,
                    const std::string& base_url) {
  api::Call call;
  call.account = std::string(account);
  call.now_ms = now_ms;
  call.now = now_ms / 1000;
  call.request_id = request_id;
  call.base_url = base_url;
  return call;
}

}  // namespace intentd::resources
