// Idempotency keys: the fingerprint that binds a key to its first request's params, the
// decision between replaying a stored response and refusing a reuse, and the set of keys
// whose first request is still running (a second one gets 409 instead of a double write).
#pragma once

#include <boost/json/object.hpp>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "base/result.h"
#include "store/store.h"

namespace intentd::api {

inline constexpr std::size_t kMaxIdempotencyKeyLength = 255;
inline constexpr int64_t kIdempotencyTtlSeconds = 24 * 60 * 60;

// Hex SHA-256 of the params with object keys sorted, so field order does not matter.
std::string params_fingerprint(const boost::json::object& params);

// Ok when `stored` may be replayed for this request; otherwise the idempotency_error.
Status check_reuse(const store::IdempotencyRecord& stored, std::string_view method,
                   std::string_view path, std::string_view fingerprint);

// Ok for a key a request may use: at most 255 characters of printable UTF-8.
Status check_idempotency_key(std::string_view key);
ApiError idempotency_key_in_use(std::string_view key);

// Whether an error answer is saved under its key. As Stripe: only a request whose endpoint
// started executing is; one whose params failed validation (an invalid_request_error naming a
// param, nothing written) is not, so the corrected retry with the same key goes through. A
// declined payment, which writes, is saved.
bool saved_for_replay(const ApiError& e);

class InFlightKeys {
 public:
  // False when `scoped_key` is already held.
  bool acquire(const std::string& scoped_key);
  void release(const std::string& scoped_key);

 private:
  std::mutex mu_;
  std::unordered_set<std::string> keys_;  // guarded by mu_
};

}  // namespace intentd::api
