// Call is what a resource handler sees of one API request: the account it acts for, its
// checked params, the ids in its path, and the moment it happens.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace intentd::api {

struct Call {
  std::string account;  // the account acted as, after Stripe-Account
  store::KeyKind key_kind = store::KeyKind::kSecret;
  boost::json::object params;  // checked against the endpoint's schema; no `expand`
  std::vector<std::string> path_args;
  int64_t now = 0;     // unix seconds, as objects show them
  int64_t now_ms = 0;  // the same moment in milliseconds, for scheduling
  std::string request_id;
  std::string idempotency_key;
  std::string path;  // e.g. "/v1/customers", for list urls
  std::string api_version;
  std::string base_url;  // http://host:port as the client reached us, for hosted page links

  std::string_view arg(std::size_t i) const { return path_args.at(i); }
  // The checked value of a top-level param, or nullptr when absent.
  const boost::json::value* param(std::string_view name) const { return params.if_contains(name); }
};

}  // namespace intentd::api
