#include "api/call.h"

#include <gtest/gtest.h>

namespace intentd::api {
namespace {

TEST(Call, AtAnotherMomentKeepsEverythingElse) {
  Call call;
  call.platform = "acct_p";
  call.account = "acct_a";
  call.now_ms = 1'700'000'000'500;
  call.now = 1'700'000'000;
  call.request_id = "req_1";
  const Call later = call.at(1'800'000'000'250);
  EXPECT_EQ(later.now_ms, 1'800'000'000'250);
  EXPECT_EQ(later.now, 1'800'000'000);
  EXPECT_EQ(later.account, "acct_a");
  EXPECT_EQ(later.platform, "acct_p");
  EXPECT_EQ(later.request_id, "req_1");
  EXPECT_EQ(call.now_ms, 1'700'000'000'500);  // the call itself is unchanged
}

TEST(Call, RunsWithTheDefaultSettingsUntilGivenOthers) {
  Call call;
  EXPECT_EQ(call.settings, &Settings::defaults());
  EXPECT_EQ(call.settings->settlement_delay_ms, 3'000);
}

TEST(Call, KnowsWhetherItCameThroughTheApi) {
  Call call;
  EXPECT_FALSE(call.through_api());  // a hosted page's
  call.path = "/v1/setup_intents/seti_1/confirm";
  EXPECT_TRUE(call.through_api());
}

}  // namespace
}  // namespace intentd::api
