// Start-up of the platform account: the first start with no key configured and none stored
// creates an account with a secret and a publishable test key; later starts reuse them, and
// keys given with --api-key are added to the platform account.
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "store/store.h"

namespace intentd::cli {

struct Platform {
  std::string account;
  std::vector<store::ApiKey> keys;  // every key of the platform account
  bool created = false;             // true on the start that created it
};

// Checks that `key` is a test-mode secret or publishable key intentd can serve.
Status check_configured_key(const std::string& key);

Platform ensure_platform(store::Store& store, const Clock& clock,
                         const std::vector<std::string>& configured_keys);

}  // namespace intentd::cli
