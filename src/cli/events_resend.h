// `intentd events resend EVT_ID`: asks the server to deliver an event again (POST
// /v1/events/:id/retry), to one webhook endpoint or to every endpoint it matches.
#pragma once

#include <string>

#include "cli/api_client.h"

namespace intentd::cli {

struct EventsResendOptions {
  std::string event_id;
  std::string webhook_endpoint;  // "": every enabled endpoint whose enabled_events match
  std::string api_key;           // "": $INTENTD_API_KEY, then $STRIPE_API_KEY
  std::string server{kDefaultServer};
};

// Returns 0 once the deliveries are queued, 1 when the API refuses (message on stderr), 2 on
// bad usage (no key).
int events_resend(const EventsResendOptions& options);

}  // namespace intentd::cli
