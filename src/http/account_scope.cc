#include "http/account_scope.h"

namespace intentd::http {

Result<AccountScope> resolve_scope(store::Store& store, const Principal& who,
                                   std::string_view requested) {
  if (requested.empty() || requested == who.account) return AccountScope{who.account, who.account};
  // A connected account is stored under the platform that owns it.
  bool owned = false;
  store.read(
      [&](store::ReadTxn& txn) { owned = txn.get(who.account, kAccount, requested).has_value(); });
  if (owned) return AccountScope{who.account, std::string(requested)};
  ApiError e = ApiError::invalid_request(
      "The provided key '" + who.masked_key + "' does not have access to account '" +
          std::string(requested) +
          "' (or that account does not exist). Application access may have been revoked.",
      {}, "account_invalid");
  e.status = 403;
  return e;
}

AccountScope page_scope(std::string_view account) {
  // Only platforms exist so far: a page's account is its own platform.
  return AccountScope{std::string(account), std::string(account)};
}

}  // namespace intentd::http
