// Webhook endpoints and event destinations as their resources store them, for tests of the
// event log and of webhook delivery.
#pragma once

#include <boost/json/array.hpp>
#include <string>
#include <vector>

#include "events/destinations.h"
#include "testutil/store.h"

namespace intentd::testutil {

inline boost::json::array json_strings(const std::vector<std::string>& v) {
  boost::json::array a;
  for (const auto& s : v) a.emplace_back(boost::json::string(s));
  return a;
}

// A v1 webhook endpoint (we_…); it receives snapshot events.
inline store::Record webhook_endpoint(std::string id, std::string url, std::string secret,
                                      std::vector<std::string> enabled_events, bool enabled = true,
                                      int64_t created = 1'700'000'000) {
  return record(std::string(events::kWebhookEndpointType), std::move(id), created,
                {{"url", url},
                 {"secret", secret},
                 {"status", enabled ? "enabled" : "disabled"},
                 {"enabled_events", json_strings(enabled_events)}});
}

// A v2 event destination (ed_…) with a webhook endpoint; `payload` is "snapshot" or "thin".
inline store::Record event_destination(std::string id, std::string url, std::string secret,
                                       std::string payload, std::vector<std::string> enabled_events,
                                       bool enabled = true, int64_t created = 1'700'000'000) {
  return record(
      std::string(events::kEventDestinationType), std::move(id), created,
      {{"event_payload", payload},
       {"status", enabled ? "enabled" : "disabled"},
       {"type", "webhook_endpoint"},
       {"enabled_events", json_strings(enabled_events)},
       {"webhook_endpoint", boost::json::object{{"signing_secret", secret}, {"url", url}}}});
}

}  // namespace intentd::testutil
