// `intentd listen`: like `stripe listen`, registers a temporary webhook endpoint that points at a
// local relay, forwards every delivery unchanged to --forward-to, logs one line per delivery,
// and removes the endpoint on SIGINT/SIGTERM.
#pragma once

#include <string>
#include <vector>

#include "cli/api_client.h"

namespace intentd::cli {

struct ListenOptions {
  std::string forward_to;           // http(s) URL that receives the events
  std::vector<std::string> events;  // enabled_events; empty: "*"
  std::string api_key;              // "" : $INTENTD_API_KEY, then $STRIPE_API_KEY
  std::string server{kDefaultServer};
};

// Returns 0 after a signal and a clean removal of the endpoint, 2 on bad usage (no key, bad
// URL), 1 when the server refuses or cannot be reached.
int listen(const ListenOptions& options);

}  // namespace intentd::cli
