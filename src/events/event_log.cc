#include "events/event_log.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <string>

#include "api/api_version.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/json_text.h"
#include "events/destinations.h"
#include "events/event_types.h"

namespace intentd::events {
namespace json = boost::json;
namespace {

constexpr std::string_view kUndelivered = "undelivered";

json::value request_of(const Origin& o) {
  json::object r;
  r["id"] = o.request_id.empty() ? json::value(nullptr) : json::value(o.request_id);
  r["idempotency_key"] =
      o.idempotency_key.empty() ? json::value(nullptr) : json::value(o.idempotency_key);
  return r;
}

store::Lookups event_lookups(std::string_view type, int64_t pending) {
  // Only events still waiting for a delivery carry the "undelivered" lookup: most events have
  // no webhook at all, and listing the ones that wait is the query that needs an index.
  store::Lookups l{{"type", std::string(type)}};
  if (pending > 0) l.emplace_back(std::string(kUndelivered), "1");
  return l;
}

void enqueue_deliveries(store::Txn& txn, std::string_view account, int64_t now_ms,
                        std::string_view event_id, const std::vector<std::string>& destinations) {
  for (const auto& d : destinations) {
    store::Job job;
    job.account = std::string(account);
    job.kind = std::string(kDeliverJob);
    job.payload = json_text(json::object{{"event", event_id}, {"destination", d}});
    job.due_ms = now_ms;
    txn.enqueue_job(job);
  }
}

// Moves a v1 event's pending_webhooks by `delta` (never below zero), and its
// delivery_success lookup when the count reaches or leaves zero.
void adjust_pending(store::Txn& txn, std::string_view account, std::string_view event_id,
                    int64_t delta) {
  auto now = txn.add_to_counter(account, kEvent, event_id, "$.pending_webhooks", delta);
  if (!now) return;  // pruned, or a thin event (which has no counter)
  const int64_t before = std::max<int64_t>(0, *now - delta);
  if ((before == 0) != (*now == 0))
    txn.set_lookup(account, kEvent, event_id, kUndelivered, *now == 0 ? "" : "1");
}

}  // namespace

Origin Origin::of(const api::Call& call) {
  return Origin{call.account, call.request_id, call.idempotency_key, call.now_ms, call.settings};
}

Origin Origin::background(std::string account, int64_t now_ms, const Settings& settings) {
  return Origin{std::move(account), {}, {}, now_ms, &settings};
}

namespace {

std::string emit_json(store::Txn& txn, const Origin& o, std::string_view type,
                      std::string_view object_json, const json::object* previous) {
  std::vector<std::string> targets;
  for (const Destination& d : destinations(txn, o.account))
    if (d.enabled && !d.thin && enabled_for(d.enabled_events, type)) targets.push_back(d.id);

  // The event is written as text around the object's serialization: every change appends
  // one, so it is not built as a JSON tree (a copy of the object) and serialized again.
  const std::string id = new_id(kEvent, o.now_ms);
  const int64_t created = o.now_ms / 1000;
  std::string text;
  text.reserve(512);
  text += R"({"id":")";
  text += id;
  text += R"(","object":"event","api_version":")";
  text += api::kDefaultApiVersion;
  text += R"(","created":)";
  text += std::to_string(created);
  text += R"(,"data":{"object":)";
  text += object_json;
  if (previous != nullptr) {
    text += R"(,"previous_attributes":)";
    text += json_text(*previous);
  }
  text += R"(},"livemode":false,"pending_webhooks":)";
  text += std::to_string(targets.size());
  text += R"(,"request":)";
  text += json_text(request_of(o));
  text += R"(,"type":)";
  text += json_text(json::string(type));
  text += '}';

  store::Record r;
  r.type = std::string(kEvent);
  r.id = id;
  r.created = created;
  r.data_text = std::move(text);
  r.lookups = event_lookups(type, static_cast<int64_t>(targets.size()));
  txn.insert(o.account, r);
  enqueue_deliveries(txn, o.account, o.now_ms, id, targets);
  return id;
}

}  // namespace

std::string emit(store::Txn& txn, const Origin& o, std::string_view type,
                 const json::object& object, const json::object* previous) {
  return emit_json(txn, o, type, json_text(object), previous);
}

std::string emit(store::Txn& txn, const Origin& o, std::string_view type,
                 const store::Record& record, const json::object* previous) {
  if (!record.data_text.empty()) return emit_json(txn, o, type, record.data_text, previous);
  return emit_json(txn, o, type, json_text(record.data), previous);
}

json::object emit_thin(store::Txn& txn, const Origin& o, std::string_view type,
                       const RelatedObject& related, std::string_view only_destination) {
  std::vector<std::string> targets;
  if (!only_destination.empty()) {
    targets.emplace_back(only_destination);
  } else {
    for (const Destination& d : destinations(txn, o.account))
      if (d.enabled && d.thin && enabled_for(d.enabled_events, type)) targets.push_back(d.id);
  }
  const std::string id = new_id(kThinEvent, o.now_ms);
  json::object reason{{"type", "request"}};
  if (!o.request_id.empty())
    reason["request"] = json::object{
        {"id", o.request_id},
        {"idempotency_key",
         o.idempotency_key.empty() ? json::value(nullptr) : json::value(o.idempotency_key)}};
  json::object evt{{"id", id},
                   {"object", "v2.core.event"},
                   {"context", nullptr},
                   {"created", rfc3339(o.now_ms)},
                   {"livemode", false},
                   {"reason", o.request_id.empty() ? json::value(nullptr) : json::value(reason)},
                   {"related_object",
                    json::object{{"id", related.id}, {"type", related.type}, {"url", related.url}}},
                   {"type", type}};
  store::Record r;
  r.type = std::string(kThinEvent);
  r.id = id;
  r.created = o.now_ms / 1000;
  r.data = evt;
  r.lookups = {{"type", std::string(type)}, {"object_id", related.id}};
  txn.insert(o.account, r);
  enqueue_deliveries(txn, o.account, o.now_ms, id, targets);
  return evt;
}

json::object previous_attributes(const json::object& before, const json::object& after) {
  json::object prev;
  for (const auto& kv : before) {
    const json::value* now = after.if_contains(kv.key());
    if (now != nullptr && *now == kv.value()) continue;
    if (now != nullptr && now->is_object() && kv.value().is_object()) {
      prev[kv.key()] = previous_attributes(kv.value().as_object(), now->as_object());
      continue;
    }
    prev[kv.key()] = kv.value();
  }
  for (const auto& kv : after)
    if (!before.contains(kv.key())) prev[kv.key()] = nullptr;
  return prev;
}

// The object a record holds, whether as JSON or (written once already) as text.
static json::object object_of(const store::Record& record) {
  if (!record.data.empty() || record.data_text.empty()) return record.data;
  json::value v = json::parse(record.data_text);
  return std::move(v.as_object());
}

void insert(store::Txn& txn, const api::Call& call, const store::Record& record) {
  txn.insert(call.account, record);
  const std::string type = record.type + ".created";
  if (is_v1_event_type(type)) emit(txn, Origin::of(call), type, record);
}

void update(store::Txn& txn, const api::Call& call, const store::Record& record,
            const json::object& before) {
  txn.update(call.account, record);
  const std::string type = record.type + ".updated";
  if (!is_v1_event_type(type)) return;
  json::object prev = previous_attributes(before, object_of(record));
  if (!prev.empty()) emit(txn, Origin::of(call), type, record, &prev);
}

void erase(store::Txn& txn, const api::Call& call, std::string_view type,
           const json::object& object) {
  txn.erase(call.account, type, object.at("id").as_string());
  const std::string event_type = std::string(type) + ".deleted";
  if (is_v1_event_type(event_type)) emit(txn, Origin::of(call), event_type, object);
}

void redeliver(store::Txn& txn, std::string_view account, int64_t now_ms, std::string_view event_id,
               const std::vector<std::string>& destinations) {
  enqueue_deliveries(txn, account, now_ms, event_id, destinations);
  adjust_pending(txn, account, event_id, static_cast<int64_t>(destinations.size()));
}

void delivery_settled(store::Txn& txn, std::string_view account, std::string_view event_id) {
  adjust_pending(txn, account, event_id, -1);
}

}  // namespace intentd::events
