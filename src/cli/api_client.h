// ApiClient is how the command-line tools (`listen`, `events resend`) talk to an intentd
// server: blocking libcurl calls with a Bearer key, form-encoded parameters, JSON answers.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace intentd::cli {

inline constexpr std::string_view kDefaultServer = "http://127.0.0.1:12111";

// Form parameters in order; keys are sent as given ("enabled_events[0]").
using FormParams = std::vector<std::pair<std::string, std::string>>;

struct ApiResponse {
  int status = 0;           // 0: no HTTP response at all
  boost::json::value body;  // the parsed JSON answer, or null
  std::string error;        // set when !ok(): Stripe's error message, or why there was none

  bool ok() const { return status >= 200 && status < 300 && body.is_object(); }
};

class ApiClient {
 public:
  // `server` is a base URL such as http://127.0.0.1:12111 (a trailing slash is fine).
  ApiClient(std::string server, std::string api_key);

  ApiResponse get(std::string_view path) const;
  ApiResponse post(std::string_view path, const FormParams& params = {}) const;
  ApiResponse del(std::string_view path) const;

  const std::string& server() const { return server_; }

 private:
  ApiResponse send(std::string_view method, std::string_view path, std::string body) const;

  std::string server_;
  std::string api_key_;
};

// The key to use: `flag` when given, else $INTENTD_API_KEY, else $STRIPE_API_KEY, else "".
std::string resolve_api_key(const std::string& flag);

// application/x-www-form-urlencoded, percent-encoding everything but RFC 3986 unreserved bytes.
std::string form_encode(const FormParams& params);

// A path segment (an object id given on the command line) made safe to put in a URL.
std::string path_escape(std::string_view segment);

}  // namespace intentd::cli
