#include "base/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace intentd {
namespace {

constexpr int64_t kNow = 1'700'000'000'123;

bool all_base62(std::string_view s) {
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

TEST(Ids, HavePrefixAnd24Base62Characters) {
  std::string id = new_id("cus", kNow);
  ASSERT_EQ(id.size(), 4u + kIdLength);
  EXPECT_EQ(id.substr(0, 4), "cus_");
  EXPECT_TRUE(all_base62(id.substr(4))) << id;
  EXPECT_TRUE(has_prefix(id, "cus"));
  EXPECT_FALSE(has_prefix(id, "cu"));
}

TEST(Ids, AreDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(seen.insert(new_id("evt", kNow)).second);
}

TEST(Ids, SortByCreationAcrossMilliseconds) {
  // Base62 digits are in ASCII order, so a later millisecond gives a larger time part.
  std::string first = new_id("evt", kNow);
  std::string second = new_id("evt", kNow + 1);
  std::string much_later = new_id("evt", kNow + 86'400'000);
  EXPECT_LT(first.substr(0, 4 + kIdTimeLength), second.substr(0, 4 + kIdTimeLength));
  EXPECT_LT(second.substr(0, 4 + kIdTimeLength), much_later.substr(0, 4 + kIdTimeLength));
}

TEST(Ids, TakeTheirTimeFromTheCallNotTheSystem) {
  // A call on a clock in the past (a test clock) makes ids of its own moment.
  EXPECT_EQ(new_id("cus", 0).substr(0, 4 + kIdTimeLength), "cus_0000000");
  EXPECT_EQ(new_id("cus", kNow).substr(0, 4 + kIdTimeLength),
            new_id("cus", kNow).substr(0, 4 + kIdTimeLength));
}

TEST(Ids, AreMadeFromAnObjectType) {
  constexpr ObjectType kCustomer{"customer", "cus"};
  EXPECT_TRUE(has_prefix(new_id(kCustomer, kNow), "cus"));
  EXPECT_EQ(std::string_view(kCustomer), "customer");
}

TEST(Ids, RandomPartsDifferWithinOneMillisecond) {
  std::set<std::string> random_parts;
  for (int i = 0; i < 100; ++i) random_parts.insert(new_id("cus", kNow).substr(4 + kIdTimeLength));
  EXPECT_EQ(random_parts.size(), 100u);
}

TEST(Ids, RandomIdsHaveTheRequestedLength) {
  std::string key = random_id("sk_test", 99);
  EXPECT_EQ(key.size(), 8u + 99u);
  EXPECT_TRUE(key.starts_with("sk_test_"));
  EXPECT_TRUE(all_base62(key.substr(8)));
  EXPECT_NE(random_id("whsec", 32), random_id("whsec", 32));
}

}  // namespace
}  // namespace intentd
