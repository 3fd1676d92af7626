// Authentication: turns an Authorization header (Bearer, or Basic with the key as user name
// or base64 "key:") into the account and kind of the API key, comparing keys in constant
// time, and renders Stripe's 401 messages with the key masked.
#pragma once

#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "store/store.h"

namespace intentd::http {

struct Principal {
  std::string account;
  store::KeyKind kind = store::KeyKind::kSecret;
  std::string masked_key;  // for messages; never the key itself
};

class KeyRing {
 public:
  void add(const store::ApiKey& key);
  bool empty() const;

  // The principal for an Authorization header value ("" when there was none).
  Result<Principal> authenticate(std::string_view authorization) const;

  // "sk_test_************************abcd": the prefix and the last four characters.
  static std::string mask(std::string_view key);

 private:
  mutable std::shared_mutex mu_;
  // Keyed by SHA-256 of the key: a lookup's timing depends on the digest, not on the key.
  std::unordered_map<std::string, store::ApiKey> by_digest_;  // guarded by mu_
};

// The key a header carries, or "" when it carries none.
std::string key_from_authorization(std::string_view authorization);

// `authorization` is the header as sent; the message quotes it when it held no key.
ApiError missing_key_error(std::string_view authorization);
ApiError secret_key_required_error(std::string_view masked_key);

}  // namespace intentd::http
