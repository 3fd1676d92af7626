#include "resources/setup_intents/setup_intent_state.h"

#include "base/json_text.h"
#include "resources/shared/client_secret.h"
#include "resources/shared/intent_owner.h"

namespace intentd::resources::setup_intents {
namespace json = boost::json;

namespace {

store::Record record_of(const Setup& si) {
  store::Record r;
  r.type = std::string(kType);
  r.id = si.id();
  r.created = si.object.at("created").as_int64();
  r.data_text = json_text(si.object);
  if (const auto& c = si.object.at("customer"); c.is_string())
    r.lookups.emplace_back("customer", std::string(c.as_string()));
  if (const auto& p = si.object.at("payment_method"); p.is_string())
    r.lookups.emplace_back("payment_method", std::string(p.as_string()));
  r.internal = si.internal;
  return r;
}

}  // namespace

SetupIntentStatus Setup::status() const {
  return setup_intent_status(object.at("status").as_string())
      .value_or(SetupIntentStatus::kRequiresPaymentMethod);
}

void Setup::move(SetupIntentOperation op, SetupIntentStatus to) {
  object["status"] = to_string(setup_intent_machine().move(op, status(), to));
}

std::string Setup::customer() const {
  const json::value& c = object.at("customer");
  return c.is_string() ? std::string(c.as_string()) : std::string();
}

std::optional<Setup> load(store::ReadTxn& txn, std::string_view account, std::string_view id) {
  auto o = txn.get(account, kType, id);
  if (!o) return std::nullopt;
  Setup si;
  si.object = std::move(*o);
  if (auto internal = txn.get_internal(account, kType, id)) si.internal = std::move(*internal);
  return si;
}

Result<Setup> load(store::ReadTxn& txn, const api::Call& call, std::string_view id) {
  auto si = load(txn, call.account, id);
  if (!si) return ApiError::resource_missing(kType, id);
  return std::move(*si);
}

void insert(store::Txn& txn, const events::Origin& origin, const Setup& si) {
  const store::Record r = record_of(si);
  txn.insert(origin.account, r);
  events::emit(txn, origin, "setup_intent.created", r);
}

void save(store::Txn& txn, const events::Origin& origin, const Setup& si, std::string_view event) {
  const store::Record r = record_of(si);
  txn.update(origin.account, r);
  if (event.empty()) return;
  events::emit(txn, origin, event, r);
  if (auto what = intent_event_of(event))
    tell_owner(txn, origin, kType, si.object, si.internal, *what);
}

Status check_client_secret(const api::Call& call, const Setup& si) {
  return resources::check_client_secret(call, si.object, "SetupIntent");
}

api::ClientView publishable_view() {
  return {kType.name,
          {"id", "object", "automatic_payment_methods", "cancellation_reason", "client_secret",
           "created", "description", "excluded_payment_method_types", "last_setup_error",
           "livemode", "next_action", "payment_method", "payment_method_configuration_details",
           "payment_method_types", "status", "usage"}};
}

}  // namespace intentd::resources::setup_intents
