// Stripe's webhook signature: "t=<unix>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", keyed by the
// whole whsec_ secret, which the official SDKs' constructEvent verifies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace intentd::webhooks {

std::string signature_header(std::string_view secret, int64_t timestamp, std::string_view body);

// True when `header` carries a v1 signature of `body` by `secret` within `tolerance_seconds`
// of `now` (used by `intentd listen` and tests; the SDKs do the same).
bool verify_signature(std::string_view header, std::string_view body, std::string_view secret,
                      int64_t now, int64_t tolerance_seconds = 300);

}  // namespace intentd::webhooks
