#include "base/json_text.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace intentd {
namespace {
namespace json = boost::json;

TEST(JsonText, WritesWhatBoostJsonWrites) {
  json::object o{{"id", "cus_1"}, {"n", 3}, {"name", "M\xC3\xBCller"}};
  EXPECT_EQ(json_text(o), R"({"id":"cus_1","n":3,"name":"M)"
                          "\xC3\xBC"
                          R"(ller"})");
}

TEST(JsonText, TextThatIsNotUtf8NeverMakesAnUnreadableDocument) {
  // What a header such as `Idempotency-Key: \xff\xfe` or `Host: ev\xffil` once put into a
  // stored object: Boost.JSON writes the bytes as they are and its reader refuses them.
  json::object o{{"idempotency_key", "\xFF\xFE"},
                 {"url", "http://ev\xFFil/x"},
                 {"nested", json::array{"ok", "\xC3"}}};
  const std::string text = json_text(o);
  boost::system::error_code ec;
  json::value back = json::parse(text, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(back.at("idempotency_key").as_string(), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(back.at("url").as_string(), "http://ev\xEF\xBF\xBDil/x");
  EXPECT_EQ(back.at("nested").as_array()[1].as_string(), "\xEF\xBF\xBD");
}

TEST(JsonText, KeysToo) {
  json::object o{{"k\xFF", 1}};
  boost::system::error_code ec;
  json::parse(json_text(o), ec);
  EXPECT_FALSE(ec);
}

}  // namespace
}  // namespace intentd
