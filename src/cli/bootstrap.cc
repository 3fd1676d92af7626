#include "cli/bootstrap.h"

#include <boost/json/object.hpp>
#include <stdexcept>

#include "base/ids.h"
#include "http/account_scope.h"

namespace intentd::cli {
namespace json = boost::json;

namespace {

store::KeyKind kind_of(const std::string& key) {
  return key.starts_with("pk_") ? store::KeyKind::kPublishable : store::KeyKind::kSecret;
}

store::Record platform_record(const std::string& id, int64_t now) {
  store::Record r;
  r.type = std::string(http::kAccount);
  r.id = id;
  r.created = now;
  r.data = json::object{{"id", id},
                        {"object", http::kAccount.name},
                        {"business_type", nullptr},
                        {"charges_enabled", true},
                        {"country", "US"},
                        {"created", now},
                        {"default_currency", "usd"},
                        {"details_submitted", true},
                        {"email", nullptr},
                        {"metadata", json::object()},
                        {"payouts_enabled", true},
                        {"type", "standard"}};
  return r;
}

}  // namespace

Status check_configured_key(const std::string& key) {
  for (const char* prefix : {"sk_test_", "pk_test_", "rk_test_"})
    if (key.starts_with(prefix) && key.size() > 12) return Status::Ok();
  return ApiError::invalid_request(
      "--api-key must be a test-mode key longer than 12 characters starting with sk_test_, "
      "rk_test_ or pk_test_ (intentd serves test mode only): " +
      key.substr(0, 8) + "...");
}

Platform ensure_platform(store::Store& store, const Clock& clock,
                         const std::vector<std::string>& configured_keys) {
  Platform p;
  store.read([&](store::ReadTxn& txn) { p.keys = txn.api_keys(); });
  if (!p.keys.empty()) p.account = p.keys.front().account;

  std::vector<store::ApiKey> fresh;
  const int64_t now = clock.now();
  if (p.account.empty()) {
    p.account = new_id(http::kAccount, clock.now_ms());
    p.created = true;
    if (configured_keys.empty()) {
      fresh.push_back({p.account, random_id("sk_test", 99), store::KeyKind::kSecret, now});
      fresh.push_back({p.account, random_id("pk_test", 99), store::KeyKind::kPublishable, now});
    }
  }
  for (const std::string& key : configured_keys) {
    bool known = false;
    for (const auto& k : p.keys) known = known || k.secret == key;
    if (!known) fresh.push_back({p.account, key, kind_of(key), now});
  }
  if (fresh.empty()) return p;

  const bool create_account = p.created;
  const std::string account = p.account;
  auto status = store.write_sync([&](store::Txn& txn) {
    if (create_account) txn.insert(account, platform_record(account, now));
    for (const auto& k : fresh) txn.insert_api_key(k);
  });
  if (status != store::CommitStatus::kCommitted)
    throw std::runtime_error("could not store the platform account and its keys");
  for (auto& k : fresh) p.keys.push_back(std::move(k));
  return p;
}

}  // namespace intentd::cli
