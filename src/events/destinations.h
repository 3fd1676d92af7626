// Where events go: the account's webhook endpoints (v1) and event destinations (v2), seen
// through one shape so the outbox and the delivery worker treat them alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/object_type.h"
#include "store/store.h"

namespace intentd::events {

struct Destination {
  std::string id;  // we_… (webhook endpoint) or ed_… (event destination)
  std::string url;
  std::string secret;  // whsec_…
  bool enabled = true;
  bool thin = false;  // v2 thin payloads instead of v1 snapshot events
  std::vector<std::string> enabled_events;
};

inline constexpr ObjectType kWebhookEndpointType{"webhook_endpoint", "we"};
inline constexpr ObjectType kEventDestinationType{"v2.core.event_destination", "ed"};

std::optional<Destination> load_destination(store::ReadTxn& txn, std::string_view account,
                                            std::string_view id);

// Every destination of the account, enabled or not.
std::vector<Destination> destinations(store::ReadTxn& txn, std::string_view account);

}  // namespace intentd::events
