// Settings are the behaviour `intentd serve` is configured with (how long debits take to settle,
// funds to become available, authorizations to last): built once at start-up and handed to
// calls and jobs by reference, never kept in a global.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace intentd {

struct Settings {
  // How long SEPA and ACH debits stay processing (and test refunds pending) before they settle.
  int64_t settlement_delay_ms = 3'000;
  // How long captured funds stay pending; a day or more lands on 00:00 UTC, as Stripe's do.
  int64_t funds_available_after_ms = 2 * 24 * 3600 * 1000LL;
  // How long an uncaptured authorization lasts before it is canceled.
  int64_t authorization_window_ms = 7 * 24 * 3600 * 1000LL;
  // When set, open Checkout Sessions end this long after creation instead of at expires_at.
  std::optional<int64_t> checkout_lifetime_ms;
  // Where browsers reach this server: the base of every link intentd hands out (3-D Secure and
  // Checkout pages, their return links). Configured (`serve --public-url`, by default the
  // listen address), never taken from a request's Host header.
  std::string public_url = "http://127.0.0.1:12111";

  // What a call or job gets when nothing was configured (tests, tools).
  static const Settings& defaults() {
    static const Settings kDefaults;
    return kDefaults;
  }
};

}  // namespace intentd
