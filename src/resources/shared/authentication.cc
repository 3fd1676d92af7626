#include "resources/shared/authentication.h"

#include "base/api_error.h"
#include "base/ids.h"
#include "resources/payment_methods/payment_methods.h"

namespace intentd::resources {
namespace json = boost::json;

namespace {
// The Source a use_stripe_sdk next action names, as Stripe.js expects one.
constexpr ObjectType kSource{"source", "src"};
}  // namespace

json::object authentication_next_action(const api::Call& call, std::string_view id,
                                        std::string_view client_secret) {
  const std::string url = call.settings->public_url + "/intentd/authenticate/" + call.account +
                          "/" + std::string(id) + "?client_secret=" + std::string(client_secret);
  const json::value* return_url = call.param("return_url");
  const bool sdk = call.param("use_stripe_sdk") && call.param("use_stripe_sdk")->as_bool();
  if (return_url != nullptr && !sdk)
    return {{"redirect_to_url", json::object{{"return_url", *return_url}, {"url", url}}},
            {"type", "redirect_to_url"}};
  return {{"type", "use_stripe_sdk"},
          {"use_stripe_sdk", json::object{{"source", new_id(kSource, call.now_ms)},
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

}  // namespace intentd::resources
