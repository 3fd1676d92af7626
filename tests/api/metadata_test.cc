#include "api/metadata.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

namespace intentd::api {
namespace {
namespace json = boost::json;

json::object parsed(std::string_view text) {
  return json::parse(text).as_object();
}

TEST(MergeMetadata, SetsAndRemovesKeys) {
  json::object current = parsed(R"({"a":"1","b":"2"})");
  ASSERT_TRUE(merge_metadata(current, parsed(R"({"a":"9","b":null,"c":"3"})")).ok());
  EXPECT_EQ(current, parsed(R"({"a":"9","c":"3"})"));
}

TEST(MergeMetadata, NullClearsEverything) {
  json::object current = parsed(R"({"a":"1","b":"2"})");
  ASSERT_TRUE(merge_metadata(current, nullptr).ok());
  EXPECT_TRUE(current.empty());
}

TEST(MergeMetadata, LimitAppliesToTheMergedResult) {
  json::object current;
  for (int i = 0; i < 50; ++i) current["k" + std::to_string(i)] = "v";
  json::object update{{"k0", nullptr}, {"new", "v"}};
  EXPECT_TRUE(merge_metadata(current, update).ok());  // one out, one in: still 50

  Status s = merge_metadata(current, json::object{{"another", "v"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().param, "metadata");
  EXPECT_NE(s.error().message.find("you've set 51"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace intentd::api
