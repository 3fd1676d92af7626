#include "http/account_scope.h"

#include <gtest/gtest.h>

#include "testutil/store.h"

namespace intentd::http {
namespace {

class AccountScopeTest : public testutil::StoreTest {
 protected:
  Principal platform{"acct_platform", store::KeyKind::kSecret, "sk_test_****abcd"};
};

TEST_F(AccountScopeTest, WithoutStripeAccountAKeyActsOnItsOwnAccount) {
  auto scope = resolve_scope(store(), platform, "");
  ASSERT_TRUE(scope.ok());
  EXPECT_EQ(scope->platform, "acct_platform");
  EXPECT_EQ(scope->account, "acct_platform");
  scope = resolve_scope(store(), platform, "acct_platform");
  ASSERT_TRUE(scope.ok());
  EXPECT_EQ(scope->account, "acct_platform");
}

TEST_F(AccountScopeTest, APlatformActsOnTheAccountsItOwns) {
  insert("acct_platform", testutil::record("account", "acct_connected", 100));
  auto scope = resolve_scope(store(), platform, "acct_connected");
  ASSERT_TRUE(scope.ok());
  EXPECT_EQ(scope->platform, "acct_platform");
  EXPECT_EQ(scope->account, "acct_connected");
}

TEST_F(AccountScopeTest, AnyOtherAccountIsForbidden) {
  insert("acct_other", testutil::record("account", "acct_theirs", 100));
  for (const char* requested : {"acct_theirs", "acct_other", "acct_nope"}) {
    auto scope = resolve_scope(store(), platform, requested);
    ASSERT_FALSE(scope.ok()) << requested;
    EXPECT_EQ(scope.error().status, 403);
    EXPECT_EQ(scope.error().code, "account_invalid");
    EXPECT_EQ(scope.error().message,
              "The provided key 'sk_test_****abcd' does not have access to account '" +
                  std::string(requested) +
                  "' (or that account does not exist). Application access may have been "
                  "revoked.");
  }
}

TEST(PageScope, APageActsOnTheAccountItsUrlNames) {
  const AccountScope scope = page_scope("acct_1");
  EXPECT_EQ(scope.platform, "acct_1");
  EXPECT_EQ(scope.account, "acct_1");
}

}  // namespace
}  // namespace intentd::http
