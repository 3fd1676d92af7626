// Which accounts a request speaks for: the platform whose key it carries, and the account it
// acts on — the platform itself, or a connected account the platform names in Stripe-Account.
// Every path resolves here (API requests and hosted pages), so Connect's isolation has one door.
#pragma once

#include <string>
#include <string_view>

#include "base/object_type.h"
#include "base/result.h"
#include "http/auth.h"
#include "store/store.h"

namespace intentd::http {

inline constexpr ObjectType kAccount{"account", "acct"};

struct AccountScope {
  std::string platform;
  std::string account;
};

// The scope of an API request made with `who`'s key and the Stripe-Account header `requested`
// ("" when absent): 403 account_invalid unless the key's account owns the account it names.
Result<AccountScope> resolve_scope(store::Store& store, const Principal& who,
                                   std::string_view requested);

// The scope of a hosted page, which its URL names (pages carry no key).
AccountScope page_scope(std::string_view account);

}  // namespace intentd::http
