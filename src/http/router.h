// Router matches a method and path against the route table; ":name" segments capture ids.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/endpoint.h"

namespace intentd::http {

class Router {
 public:
  explicit Router(std::vector<api::Endpoint> endpoints);

  struct Match {
    const api::Endpoint* endpoint = nullptr;  // nullptr: no route
    std::vector<std::string> args;
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<api::Endpoint>& endpoints() const { return endpoints_; }

 private:
  std::vector<api::Endpoint> endpoints_;
  std::vector<std::vector<std::string>> patterns_;  // split paths, parallel to endpoints_
};

// "/v1/customers/cus_1" → {"v1", "customers", "cus_1"}; empty segments are kept.
std::vector<std::string_view> split_path(std::string_view path);

}  // namespace intentd::http
