#include "resources/payment_intents/payment_intent_state.h"

#include <optional>

#include "api/objects.h"
#include "base/json_text.h"
#include "resources/payment_intents/payment_intents.h"
#include "resources/shared/client_secret.h"
#include "resources/shared/intent_owner.h"

namespace intentd::resources::payment_intents {
namespace json = boost::json;

namespace {

store::Record record_of(const Intent& pi) {
  store::Record r;
  r.type = std::string(kType);
  r.id = pi.id();
  r.created = pi.object.at("created").as_int64();
  r.data_text = json_text(pi.object);
  if (const auto& c = pi.object.at("customer"); c.is_string())
    r.lookups.emplace_back("customer", std::string(c.as_string()));
  r.internal = pi.internal;
  return r;
}

}  // namespace

PaymentIntentStatus Intent::status() const {
  return payment_intent_status(object.at("status").as_string())
      .value_or(PaymentIntentStatus::kRequiresPaymentMethod);
}

void Intent::move(PaymentIntentOperation op, PaymentIntentStatus to) {
  object["status"] = to_string(payment_intent_machine().move(op, status(), to));
}

std::string Intent::customer() const {
  const json::value& c = object.at("customer");
  return c.is_string() ? std::string(c.as_string()) : std::string();
}

std::optional<Intent> load(store::ReadTxn& txn, std::string_view account, std::string_view id) {
  auto o = txn.get(account, kType, id);
  if (!o) return std::nullopt;
  Intent pi;
  pi.object = std::move(*o);
  if (auto internal = txn.get_internal(account, kType, id)) pi.internal = std::move(*internal);
  return pi;
}

Result<Intent> load(store::ReadTxn& txn, const api::Call& call, std::string_view id) {
  auto pi = load(txn, call.account, id);
  if (!pi) return ApiError::resource_missing(kType, id);
  return std::move(*pi);
}

void insert(store::Txn& txn, const events::Origin& origin, Intent& pi) {
  events::emit(txn, origin, "payment_intent.created", pi.object);
  pi.unsaved = pi.object;
}

void save(store::Txn& txn, const events::Origin& origin, Intent& pi, std::string_view event) {
  // *_updated events say what changed, as Stripe's amount_capturable_updated does.
  std::optional<json::object> before;
  const store::Record r = record_of(pi);
  if (pi.unsaved) {
    before = std::move(pi.unsaved);
    pi.unsaved.reset();
    txn.insert(origin.account, r);
  } else {
    if (event.ends_with("_updated")) before = txn.get(origin.account, kType, pi.id());
    txn.update(origin.account, r);
  }
  if (event.empty()) return;
  if (before && event.ends_with("_updated")) {
    json::object prev = events::previous_attributes(*before, pi.object);
    events::emit(txn, origin, event, r, &prev);
  } else {
    events::emit(txn, origin, event, r);
  }
  if (auto what = intent_event_of(event))
    tell_owner(txn, origin, kType, pi.object, pi.internal, *what);
}

Status check_client_secret(const api::Call& call, const Intent& pi) {
  return resources::check_client_secret(call, pi.object, "PaymentIntent");
}

api::ClientView publishable_view() {
  return {kType.name,
          {"id",
           "object",
           "amount",
           "automatic_payment_methods",
           "canceled_at",
           "cancellation_reason",
           "capture_method",
           "client_secret",
           "confirmation_method",
           "created",
           "currency",
           "description",
           "excluded_payment_method_types",
           "last_payment_error",
           "livemode",
           "next_action",
           "payment_method",
           "payment_method_configuration_details",
           "payment_method_types",
           "processing",
           "receipt_email",
           "setup_future_usage",
           "shipping",
           "status"}};
}

}  // namespace intentd::resources::payment_intents
