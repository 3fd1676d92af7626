// Small wrappers over OpenSSL: SHA-256 and HMAC-SHA256 digests, a constant-time comparison
// and base64 decoding (Basic auth). Nothing here allocates OpenSSL state beyond one call.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace intentd::util {

// Lower-case hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

// Lower-case hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Compares without an early exit, so the time taken does not reveal where inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// Standard base64 (with or without padding); nullopt on malformed input.
std::optional<std::string> base64_decode(std::string_view in);

}  // namespace intentd::util
