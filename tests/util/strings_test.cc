#include "util/strings.h"

#include <gtest/gtest.h>

namespace intentd::util {
namespace {

using Pieces = std::vector<std::string_view>;

TEST(Split, KeepsEmptyPieces) {
  EXPECT_EQ(split("a.b..c", '.'), (Pieces{"a", "b", "", "c"}));
  EXPECT_EQ(split("", '.'), (Pieces{""}));
  EXPECT_EQ(split(".", '.'), (Pieces{"", ""}));
  EXPECT_EQ(split("v1/customers", '/'), (Pieces{"v1", "customers"}));
}

}  // namespace
}  // namespace intentd::util
