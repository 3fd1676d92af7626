// `intentd serve`: opens the store, makes sure a platform account exists, and serves the API
// until SIGINT/SIGTERM, then drains requests and commits and returns 0.
#pragma once

#include <string>
#include <vector>

namespace intentd::cli {

struct ServeOptions {
  std::string listen = "127.0.0.1:12111";
  std::string db = "intentd.db";
  std::vector<std::string> api_keys;
  int threads = 0;
  std::string log_level = "info";
  std::size_t body_limit = 1 << 20;
  std::string webhook_retry_schedule;   // "" = the default three-day schedule
  std::string settlement_delay = "3s";  // how long bank debits stay processing
  // How long captured funds stay pending; a day or more lands on 00:00 UTC.
  std::string funds_available_after = "48h";
  std::string authorization_window = "168h";  // how long an uncaptured authorization lasts
  // "" = sessions end at their expires_at; a delay ends them that long after creation.
  std::string checkout_expiry;
  // The base of the links intentd hands out (hosted pages); "" = http:// and the listen address.
  std::string public_url;
};

int serve(const ServeOptions& options);

}  // namespace intentd::cli
