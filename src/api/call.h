// Call is what a resource handler sees of one API request: the platform whose key made it and
// the account it acts on, its checked params, the ids in its path, the moment it happens and
// the settings the server runs with.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/settings.h"
#include "store/store.h"

namespace intentd::api {

struct Call {
  std::string platform;  // the account whose key made the request
  std::string account;   // the account acted on: the platform, or one it names in Stripe-Account
  store::KeyKind key_kind = store::KeyKind::kSecret;
  boost::json::object params;  // checked against the endpoint's schema; no `expand`
  std::vector<std::string> path_args;
  // The moment of the call, from the server's clock: every timestamp and id the call makes
  // comes from here (see at()).
  int64_t now = 0;     // unix seconds, as objects show them
  int64_t now_ms = 0;  // the same moment in milliseconds, for scheduling
  const Settings* settings = &Settings::defaults();
  std::string request_id;
  std::string idempotency_key;
  std::string path;  // e.g. "/v1/customers", for list urls; "" for a hosted page's calls
  std::string api_version;

  std::string_view arg(std::size_t i) const { return path_args.at(i); }
  // The checked value of a top-level param, or nullptr when absent.
  const boost::json::value* param(std::string_view name) const { return params.if_contains(name); }
  // Whether the call came through the API (not from one of intentd's hosted pages).
  bool through_api() const { return !path.empty(); }

  // The same call at another moment: how objects that live on their own time (those of a
  // Billing test clock) get it, since nothing reads the system clock behind the call's back.
  Call at(int64_t moment_ms) const {
    Call c = *this;
    c.now_ms = moment_ms;
    c.now = moment_ms / 1000;
    return c;
  }
};

}  // namespace intentd::api
