#include "http/auth.h"

#include <mutex>

#include "util/crypto.h"

namespace intentd::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool looks_like_key(std::string_view s) {
  return s.starts_with("sk_") || s.starts_with("pk_") || s.starts_with("rk_");
}

ApiError unauthorized(std::string message) {
  ApiError e = ApiError::invalid_request(std::move(message));
  e.status = 401;
  return e;
}

}  // namespace

std::string key_from_authorization(std::string_view authorization) {
  // Only the Bearer and Basic schemes carry a key; anything else counts as no key.
  std::string_view h = trim(authorization);
  if (starts_with_ci(h, "bearer ")) return std::string(trim(h.substr(7)));
  if (starts_with_ci(h, "basic ")) {
    std::string_view cred = trim(h.substr(6));
    // Basic <key> as the spec allows, or the usual base64 of "<key>:".
    if (looks_like_key(cred)) return std::string(cred.substr(0, cred.find(':')));
    auto decoded = util::base64_decode(cred);
    if (!decoded) return std::string(cred);  // not base64: report it as the key it claims
    return decoded->substr(0, decoded->find(':'));
  }
  return {};
}

std::string KeyRing::mask(std::string_view key) {
  // The first eight characters (sk_test_) and the last four stay; the length is kept.
  if (key.size() <= 12) return std::string(key.size(), '*');
  std::string out(key.substr(0, 8));
  out.append(key.size() - 12, '*');
  out.append(key.substr(key.size() - 4));
  return out;
}

void KeyRing::add(const store::ApiKey& key) {
  std::unique_lock lock(mu_);
  by_digest_[util::sha256_hex(key.secret)] = key;
}

bool KeyRing::empty() const {
  std::shared_lock lock(mu_);
  return by_digest_.empty();
}

Result<Principal> KeyRing::authenticate(std::string_view authorization) const {
  std::string key = key_from_authorization(authorization);
  if (key.empty()) return missing_key_error(authorization);
  const std::string digest = util::sha256_hex(key);
  std::shared_lock lock(mu_);
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end() || !util::constant_time_equal(it->second.secret, key))
    return unauthorized("Invalid API Key provided: " + mask(key));
  return Principal{it->second.account, it->second.kind, mask(key)};
}

ApiError missing_key_error(std::string_view authorization) {
  constexpr std::string_view kSee =
      "See https://stripe.com/docs/api#authentication for details, or we can help at "
      "https://support.stripe.com/.";
  authorization = trim(authorization);
  if (authorization.empty())
    return unauthorized(
        "You did not provide an API key. You need to provide your API key in the Authorization "
        "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). " +
        std::string(kSee));
  return unauthorized(
      "You did not provide an API key, though you did set your Authorization "
      "header to \"" +
      std::string(authorization.substr(0, 100)) +
      "\". Using Bearer auth, your Authorization header should look something "
      "like 'Authorization: Bearer YOUR_SECRET_KEY'. " +
      std::string(kSee));
}

ApiError secret_key_required_error(std::string_view masked_key) {
  ApiError e = ApiError::invalid_request(
      "This API call cannot be made with a publishable API key. Please use a secret API key. "
      "You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
      {}, "secret_key_required");
  e.status = 401;
  return e;
}

}  // namespace intentd::http
