#include "events/destinations.h"

#include <boost/json/object.hpp>

#include "base/ids.h"

namespace intentd::events {
namespace json = boost::json;
namespace {

std::vector<std::string> strings(const json::value* v) {
  std::vector<std::string> out;
  if (v != nullptr && v->is_array())
    for (const auto& s : v->as_array())
      if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

std::string string_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

Destination from_webhook_endpoint(const json::object& o) {
  Destination d;
  d.id = string_at(o, "id");
  d.url = string_at(o, "url");
  d.secret = string_at(o, "secret");
  d.enabled = string_at(o, "status") == "enabled";
  d.enabled_events = strings(o.if_contains("enabled_events"));
  return d;
}

Destination from_event_destination(const json::object& o) {
  Destination d;
  d.id = string_at(o, "id");
  if (const json::value* w = o.if_contains("webhook_endpoint"); w && w->is_object()) {
    d.url = string_at(w->as_object(), "url");
    d.secret = string_at(w->as_object(), "signing_secret");
  }
  d.enabled = string_at(o, "status") == "enabled";
  d.thin = string_at(o, "event_payload") == "thin";
  d.enabled_events = strings(o.if_contains("enabled_events"));
  return d;
}

void collect(store::ReadTxn& txn, std::string_view account, std::string_view type,
             std::vector<Destination>& out) {
  store::ListQuery q;
  q.type = std::string(type);
  q.limit = 100;
  for (;;) {
    auto page = txn.list(account, q);
    if (!page) return;
    for (const auto& o : page->data)
      out.push_back(type == kWebhookEndpointType ? from_webhook_endpoint(o)
                                                 : from_event_destination(o));
    if (!page->has_more) return;
    q.starting_after = out.back().id;
  }
}

}  // namespace

std::optional<Destination> load_destination(store::ReadTxn& txn, std::string_view account,
                                            std::string_view id) {
  if (has_prefix(id, "we")) {
    auto o = txn.get(account, kWebhookEndpointType, id);
    if (o) return from_webhook_endpoint(*o);
  } else if (auto o = txn.get(account, kEventDestinationType, id)) {
    return from_event_destination(*o);
  }
  return std::nullopt;
}

std::vector<Destination> destinations(store::ReadTxn& txn, std::string_view account) {
  std::vector<Destination> out;
  collect(txn, account, kWebhookEndpointType, out);
  collect(txn, account, kEventDestinationType, out);
  return out;
}

}  // namespace intentd::events
