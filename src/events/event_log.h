// The event log. Every state change appends an event in the transaction that makes it, and
// one delivery job per enabled destination that wants it (the outbox). Resources write their
// objects through insert/update/erase here, so the event cannot be forgotten.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/call.h"
#include "base/object_type.h"
#include "base/settings.h"
#include "store/store.h"

namespace intentd::events {

inline constexpr ObjectType kEvent{"event", "evt"};
inline constexpr ObjectType kThinEvent{"v2.core.event", "evt"};
inline constexpr std::string_view kDeliverJob = "webhook.deliver";

// Who caused a change and when: a request (its id and idempotency key), or background work;
// with the settings the server runs with, for the rules that depend on them.
struct Origin {
  std::string account;
  std::string request_id;  // empty: background work
  std::string idempotency_key;
  int64_t now_ms = 0;
  const Settings* settings = &Settings::defaults();

  static Origin of(const api::Call& call);
  static Origin background(std::string account, int64_t now_ms, const Settings& settings);
};

// Appends the v1 snapshot event `type` about `object`, with the old values of what changed
// for *.updated events, and queues its deliveries. Returns the event's id.
std::string emit(store::Txn& txn, const Origin& origin, std::string_view type,
                 const boost::json::object& object,
                 const boost::json::object* previous_attributes = nullptr);
// The same about the object `record` holds, using its JSON text when it has it (the object
// just written is then serialized once, for its row and its event).
std::string emit(store::Txn& txn, const Origin& origin, std::string_view type,
                 const store::Record& record,
                 const boost::json::object* previous_attributes = nullptr);

// What a thin event is about.
struct RelatedObject {
  std::string id;
  std::string type;
  std::string url;
};

// Appends a v2 thin event and queues its deliveries to thin destinations that want it, or
// only to `only_destination` (a ping). Returns the event.
boost::json::object emit_thin(store::Txn& txn, const Origin& origin, std::string_view type,
                              const RelatedObject& related, std::string_view only_destination = {});

// The old values of the fields that differ from `before` to `after`, recursing into hashes
// (metadata) so only the changed keys appear; a field that is new shows as null.
boost::json::object previous_attributes(const boost::json::object& before,
                                        const boost::json::object& after);

// Resource writes with their events: "<type>.created", "<type>.updated" (only when something
// changed) and "<type>.deleted", for the types Stripe has such events for.
void insert(store::Txn& txn, const api::Call& call, const store::Record& record);
void update(store::Txn& txn, const api::Call& call, const store::Record& record,
            const boost::json::object& before);
void erase(store::Txn& txn, const api::Call& call, std::string_view type,
           const boost::json::object& object);

// Queues the v1 event again for `destinations` (a resend); it waits for them as well.
void redeliver(store::Txn& txn, std::string_view account, int64_t now_ms, std::string_view event_id,
               const std::vector<std::string>& destinations);

// One destination got a v1 event: its pending_webhooks goes down by one.
void delivery_settled(store::Txn& txn, std::string_view account, std::string_view event_id);

}  // namespace intentd::events
