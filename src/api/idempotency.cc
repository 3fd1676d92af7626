#include "api/idempotency.h"

#include <algorithm>
#include <vector>

#include "base/json_text.h"
#include "base/utf8.h"
#include "util/crypto.h"

namespace intentd::api {
namespace json = boost::json;
namespace {

void canonical(const json::value& v, std::string& out) {
  if (const json::object* o = v.if_object()) {
    std::vector<const json::key_value_pair*> kvs;
    for (const auto& kv : *o) kvs.push_back(&kv);
    std::sort(kvs.begin(), kvs.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
    out += '{';
    for (const auto* kv : kvs) {
      out += json_text(json::string(kv->key()));
      out += ':';
      canonical(kv->value(), out);
      out += ',';
    }
    out += '}';
  } else if (const json::array* a = v.if_array()) {
    out += '[';
    for (const auto& e : *a) {
      canonical(e, out);
      out += ',';
    }
    out += ']';
  } else {
    out += json_text(v);
  }
}

std::string retry_hint(std::string_view key) {
  return " Try using a key other than '" + std::string(key) +
         "' if you meant to execute a different request.";
}

}  // namespace

std::string params_fingerprint(const json::object& params) {
  std::string text;
  canonical(json::value(params), text);
  return util::sha256_hex(text);
}

Status check_reuse(const store::IdempotencyRecord& stored, std::string_view method,
                   std::string_view path, std::string_view fingerprint) {
  ApiError e;
  e.type = ErrorType::kIdempotencyError;
  e.status = 400;
  if (stored.method != method || stored.path != path) {
    e.message =
        "Keys for idempotent requests can only be used for the same endpoint they were "
        "first used for ('" +
        stored.path + "' vs '" + std::string(path) + "')." + retry_hint(stored.key);
    return e;
  }
  if (stored.params_hash != fingerprint) {
    e.message =
        "Keys for idempotent requests can only be used with the same parameters they "
        "were first used with." +
        retry_hint(stored.key);
    return e;
  }
  return Status::Ok();
}

Status check_idempotency_key(std::string_view key) {
  if (key.size() > kMaxIdempotencyKeyLength)
    return ApiError::invalid_request("Invalid Idempotency-Key: the key must be at most " +
                                     std::to_string(kMaxIdempotencyKeyLength) +
                                     " characters long.");
  // The key is stored with the response, put into events' `request.idempotency_key` and echoed
  // in a header: it must be text.
  if (!printable_utf8(key))
    return ApiError::invalid_request(
        "Invalid Idempotency-Key: the key must be UTF-8 text without control characters.");
  return Status::Ok();
}

bool saved_for_replay(const ApiError& e) {
  return e.keep_writes || e.type != ErrorType::kInvalidRequestError || e.param.empty();
}

ApiError idempotency_key_in_use(std::string_view key) {
  ApiError e = ApiError::invalid_request(
      "There is currently another in-progress request using this Idempotent Key (that "
      "probably means you submitted twice, and the other request is still going through): " +
          std::string(key) + ". Please try again later.",
      {}, "idempotency_key_in_use");
  e.status = 409;
  return e;
}

bool InFlightKeys::acquire(const std::string& scoped_key) {
  std::lock_guard lock(mu_);
  return keys_.insert(scoped_key).second;
}

void InFlightKeys::release(const std::string& scoped_key) {
  std::lock_guard lock(mu_);
  keys_.erase(scoped_key);
}

}  // namespace intentd::api
