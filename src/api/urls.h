// URLs the API stores and later sends people or requests to: webhook endpoints (http or https
// with a host) and return URLs (any absolute URL but script-running schemes).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace intentd::api {

enum class UrlKind {
  kWeb,       // http:// or https:// with a host (webhook endpoints)
  kRedirect,  // any absolute scheme://… a browser or app can open, but not javascript: or data:
};

// 400 url_invalid naming `param` unless `url` is an absolute URL of `kind`.
Status check_url(std::string_view url, const std::string& param, UrlKind kind);

}  // namespace intentd::api
