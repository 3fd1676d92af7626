#include "api/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace intentd::api {
namespace {

TEST(Ids, HavePrefixAnd24Base62Characters) {
  std::string id = new_id("cus");
  ASSERT_EQ(id.size(), 4u + kIdRandomLength);
  EXPECT_EQ(id.substr(0, 4), "cus_");
  for (char c : id.substr(4)) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << id;
  EXPECT_TRUE(has_prefix(id, "cus"));
  EXPECT_FALSE(has_prefix(id, "cu"));
}

TEST(Ids, AreDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(seen.insert(new_id("req")).second);
}

}  // namespace
}  // namespace intentd::api
