// The v1 event types Stripe defines (event.type and webhook_endpoint.enabled_events), and the
// v2 thin event types intentd emits. The list is the API's; keep it sorted.
#pragma once

#include <string_view>

namespace intentd::events {

bool is_v1_event_type(std::string_view type);
bool is_v2_event_type(std::string_view type);

// Whether an endpoint's enabled_events (which may hold "*") covers `type`.
template <class Strings>
bool enabled_for(const Strings& enabled_events, std::string_view type) {
  for (const auto& e : enabled_events)
    if (e == "*" || e == type) return true;
  return false;
}

}  // namespace intentd::events
