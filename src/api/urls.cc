#include "api/urls.h"

#include <algorithm>
#include <cctype>

namespace intentd::api {

Status check_url(std::string_view url, const std::string& param, UrlKind kind) {
  auto invalid = [&](std::string_view why) {
    return ApiError::invalid_request("Invalid URL: " + std::string(url) + ". " + std::string(why),
                                     param, "url_invalid");
  };
  if (url.find_first_of(" \t\r\n") != std::string_view::npos)
    return invalid("A URL cannot contain whitespace.");
  const auto colon = url.find("://");
  std::string scheme(url.substr(0, colon == std::string_view::npos ? 0 : colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool scheme_ok = !scheme.empty() && std::isalpha(static_cast<unsigned char>(scheme[0])) &&
                         std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
                           return std::isalnum(c) || c == '+' || c == '-' || c == '.';
                         });
  if (!scheme_ok) return invalid("It must be an absolute URL with a scheme, such as https://.");
  std::string_view rest = url.substr(colon + 3);
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.find('@') != std::string_view::npos) host = host.substr(host.find('@') + 1);
  switch (kind) {
    case UrlKind::kWeb:
      if (scheme != "http" && scheme != "https")
        return invalid("A webhook URL must use http:// or https://.");
      if (host.empty() || host.front() == ':') return invalid("It must name a host.");
      return Status::Ok();
    case UrlKind::kRedirect:
      if (scheme == "javascript" || scheme == "data" || scheme == "vbscript" || scheme == "file")
        return invalid("That scheme cannot be used to return a customer.");
      if ((scheme == "http" || scheme == "https") && (host.empty() || host.front() == ':'))
        return invalid("It must name a host.");
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace intentd::api
