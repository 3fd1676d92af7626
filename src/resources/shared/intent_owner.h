// Who an intent belongs to. A PaymentIntent or SetupIntent started by a Checkout Session (later
// an invoice or a subscription) records its owner, and the owner's family registers callbacks
// for what happens to it (resources/family.h): intents never include an owner's header.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/call.h"
#include "base/result.h"
#include "events/event_log.h"
#include "store/store.h"

namespace intentd::resources {

struct Owner {
  std::string type;  // the owner's object type, e.g. "checkout.session"
  std::string id;
};

// The owner an intent's internal state records, if any.
std::optional<Owner> owner_of(const boost::json::object& internal);
void set_owner(boost::json::object& internal, const Owner& owner);

// An owned intent as its owner hears of it.
struct OwnedIntent {
  std::string_view type;              // "payment_intent" or "setup_intent"
  const boost::json::object& object;  // as the API shows it after the change
  const Owner& owner;
  const api::Call* call = nullptr;  // the request that made the change, when one did
};

// What happened to an intent.
enum class IntentEvent {
  kSucceeded,
  kFailed,  // an attempt failed: back to requires_payment_method
  kRequiresAction,
  kCanceled,
  kAuthenticated,  // the 3-D Secure page was answered, either way
};

// What an API call asks of an owned intent, which its owner may refuse.
enum class IntentRequest { kConfirm, kCancel };

// An owner type's callbacks, registered by its family. Each runs in the transaction of the
// change; a null one is skipped.
struct IntentOwner {
  using Callback = void (*)(store::Txn& txn, const events::Origin& origin,
                            const OwnedIntent& intent);

  std::string_view type;  // the owner's object type
  Callback on_succeeded = nullptr;
  Callback on_failed = nullptr;
  Callback on_requires_action = nullptr;
  Callback on_canceled = nullptr;
  Callback on_authenticated = nullptr;
  // Ok, or the error an API call gets that asks `request` of the owner's intent.
  Status (*permits)(IntentRequest request, const OwnedIntent& intent) = nullptr;
};

// Tells the owner of an intent (`internal` is its hidden state) what happened; nothing when it
// has none.
void tell_owner(store::Txn& txn, const events::Origin& origin, std::string_view type,
                const boost::json::object& object, const boost::json::object& internal,
                IntentEvent what);

// The same for the stored intent `id` of `type`, which `call` (a hosted page's) changed.
void tell_owner(store::Txn& txn, const api::Call& call, std::string_view type, std::string_view id,
                IntentEvent what);

// Whether the intent's owner lets an API call make `request` (always, when it has none).
Status owner_permits(IntentRequest request, std::string_view type,
                     const boost::json::object& object, const boost::json::object& internal);

// The owner event an intent event type stands for ("payment_intent.succeeded" → kSucceeded,
// "setup_intent.setup_failed" → kFailed, ...); nullopt for the others (created, updated, ...).
std::optional<IntentEvent> intent_event_of(std::string_view event_type);

}  // namespace intentd::resources
