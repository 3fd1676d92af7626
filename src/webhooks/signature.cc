#include "webhooks/signature.h"

#include <cstdlib>

#include "util/crypto.h"
#include "util/strings.h"

namespace intentd::webhooks {

std::string signature_header(std::string_view secret, int64_t timestamp, std::string_view body) {
  const std::string t = std::to_string(timestamp);
  std::string signed_payload;
  signed_payload.reserve(t.size() + 1 + body.size());
  signed_payload.append(t).append(".").append(body);
  return "t=" + t + ",v1=" + util::hmac_sha256_hex(secret, signed_payload);
}

bool verify_signature(std::string_view header, std::string_view body, std::string_view secret,
                      int64_t now, int64_t tolerance_seconds) {
  std::string_view t;
  std::vector<std::string_view> v1;
  for (std::string_view part : util::split(header, ',')) {
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view k = part.substr(0, eq), v = part.substr(eq + 1);
    if (k == "t") t = v;
    if (k == "v1") v1.push_back(v);
  }
  if (t.empty() || v1.empty()) return false;
  const int64_t ts = std::strtoll(std::string(t).c_str(), nullptr, 10);
  if (tolerance_seconds > 0 && std::llabs(now - ts) > tolerance_seconds) return false;
  std::string signed_payload = std::string(t) + "." + std::string(body);
  const std::string expected = util::hmac_sha256_hex(secret, signed_payload);
  for (std::string_view sig : v1)
    if (util::constant_time_equal(sig, expected)) return true;
  return false;
}

}  // namespace intentd::webhooks
