#include "resources/shared/intent_owner.h"

#include "resources/registry.h"

namespace intentd::resources {
namespace json = boost::json;

std::optional<Owner> owner_of(const json::object& internal) {
  const json::value* o = internal.if_contains("owner");
  if (o == nullptr || !o->is_object()) return std::nullopt;
  const json::value* type = o->as_object().if_contains("type");
  const json::value* id = o->as_object().if_contains("id");
  if (type == nullptr || id == nullptr || !type->is_string() || !id->is_string())
    return std::nullopt;
  return Owner{std::string(type->as_string()), std::string(id->as_string())};
}

void set_owner(json::object& internal, const Owner& owner) {
  internal["owner"] = json::object{{"type", owner.type}, {"id", owner.id}};
}

namespace {

void tell(store::Txn& txn, const events::Origin& origin, const api::Call* call,
          std::string_view type, const json::object& object, const json::object& internal,
          IntentEvent what) {
  const std::optional<Owner> owner = owner_of(internal);
  if (!owner) return;
  const IntentOwner* callbacks = intent_owner(owner->type);
  if (callbacks == nullptr) return;
  IntentOwner::Callback callback = nullptr;
  switch (what) {
    case IntentEvent::kSucceeded:
      callback = callbacks->on_succeeded;
      break;
    case IntentEvent::kFailed:
      callback = callbacks->on_failed;
      break;
    case IntentEvent::kRequiresAction:
      callback = callbacks->on_requires_action;
      break;
    case IntentEvent::kCanceled:
      callback = callbacks->on_canceled;
      break;
    case IntentEvent::kAuthenticated:
      callback = callbacks->on_authenticated;
      break;
  }
  if (callback != nullptr) callback(txn, origin, OwnedIntent{type, object, *owner, call});
}

}  // namespace

void tell_owner(store::Txn& txn, const events::Origin& origin, std::string_view type,
                const json::object& object, const json::object& internal, IntentEvent what) {
  tell(txn, origin, nullptr, type, object, internal, what);
}

void tell_owner(store::Txn& txn, const api::Call& call, std::string_view type, std::string_view id,
                IntentEvent what) {
  auto object = txn.get(call.account, type, id);
  auto internal = txn.get_internal(call.account, type, id);
  if (object && internal)
    tell(txn, events::Origin::of(call), &call, type, *object, *internal, what);
}

Status owner_permits(IntentRequest request, std::string_view type, const json::object& object,
                     const json::object& internal) {
  const std::optional<Owner> owner = owner_of(internal);
  if (!owner) return Status::Ok();
  const IntentOwner* callbacks = intent_owner(owner->type);
  if (callbacks == nullptr || callbacks->permits == nullptr) return Status::Ok();
  return callbacks->permits(request, OwnedIntent{type, object, *owner});
}

std::optional<IntentEvent> intent_event_of(std::string_view event_type) {
  for (std::string_view prefix : {"payment_intent.", "setup_intent."}) {
    if (!event_type.starts_with(prefix)) continue;
    const std::string_view what = event_type.substr(prefix.size());
    if (what == "succeeded") return IntentEvent::kSucceeded;
    if (what == "payment_failed" || what == "setup_failed") return IntentEvent::kFailed;
    if (what == "requires_action") return IntentEvent::kRequiresAction;
    if (what == "canceled") return IntentEvent::kCanceled;
  }
  return std::nullopt;
}

}  // namespace intentd::resources
