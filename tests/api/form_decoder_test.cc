#include "api/form_decoder.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>

namespace intentd::api {
namespace {
namespace json = boost::json;

json::object decoded(std::string_view text) {
  auto r = decode_form(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : json::object();
}

json::object parsed(std::string_view text) {
  return json::parse(text).as_object();
}

ApiError failure(std::string_view text, const FormLimits& limits = {}) {
  auto r = decode_form(text, limits);
  EXPECT_FALSE(r.ok()) << text << " decoded to " << (r.ok() ? json::serialize(*r) : "");
  return r.ok() ? ApiError() : r.error();
}

TEST(FormDecoder, FlatPairs) {
  EXPECT_EQ(decoded("a=1&b=two"), parsed(R"({"a":"1","b":"two"})"));
}

TEST(FormDecoder, NestsBracketKeysIntoMaps) {
  EXPECT_EQ(decoded("a[b][0][c]=v"), parsed(R"({"a":{"b":{"0":{"c":"v"}}}})"));
  EXPECT_EQ(decoded("shipping[address][line1]=x&shipping[name]=n"),
            parsed(R"({"shipping":{"address":{"line1":"x"},"name":"n"}})"));
}

TEST(FormDecoder, EmptyBracketsAppendToAnArray) {
  EXPECT_EQ(decoded("a[]=x&a[]=y&a[]=z"), parsed(R"({"a":["x","y","z"]})"));
}

TEST(FormDecoder, EmptyBracketsThenKeyFillObjectsInTurn) {
  // A key already present in the last element starts the next one.
  EXPECT_EQ(decoded("a[][k]=1&a[][j]=2&a[][k]=3"),
            parsed(R"({"a":[{"k":"1","j":"2"},{"k":"3"}]})"));
}

TEST(FormDecoder, IndexedArraysStayNumberedMaps) {
  EXPECT_EQ(decoded("a[1]=y&a[0]=x"), parsed(R"({"a":{"1":"y","0":"x"}})"));
  EXPECT_EQ(decoded("items[0][price]=p1&items[1][price]=p2"),
            parsed(R"({"items":{"0":{"price":"p1"},"1":{"price":"p2"}}})"));
}

TEST(FormDecoder, EmptyValuesAreKept) {
  EXPECT_EQ(decoded("a=&b&c[d]="), parsed(R"({"a":"","b":"","c":{"d":""}})"));
}

TEST(FormDecoder, SkipsEmptyPairsAndEmptyKeys) {
  EXPECT_EQ(decoded("&&a=1&&=orphan&"), parsed(R"({"a":"1"})"));
  EXPECT_EQ(decoded(""), json::object());
}

TEST(FormDecoder, DecodesPlusAndPercentEscapes) {
  EXPECT_EQ(decoded("name=Jenny+Rosen&email=j%40example.com&note=100%25+%2B1"),
            parsed(R"({"name":"Jenny Rosen","email":"j@example.com","note":"100% +1"})"));
  EXPECT_EQ(decoded("city=M%C3%BCnchen"), parsed(R"({"city":"München"})"));
}

TEST(FormDecoder, PercentEncodedBracketsInKeysNest) {
  EXPECT_EQ(decoded("metadata%5Border%5D=6735"), parsed(R"({"metadata":{"order":"6735"}})"));
}

TEST(FormDecoder, RepeatedScalarKeyLastWins) {
  EXPECT_EQ(decoded("a=1&a=2&a=3"), parsed(R"({"a":"3"})"));
  EXPECT_EQ(decoded("m[k]=1&m[k]=2"), parsed(R"({"m":{"k":"2"}})"));
}

TEST(FormDecoder, RejectsBrokenPercentEscapes) {
  EXPECT_NE(failure("a=%zz").message.find("Invalid URL encoding"), std::string::npos);
  EXPECT_EQ(failure("a=%zz").param, "a");
  EXPECT_EQ(failure("a=1%").param, "a");
  EXPECT_EQ(failure("a=1%4").param, "a");
  EXPECT_NE(failure("b%g0=1").message.find("parameter name"), std::string::npos);
  EXPECT_EQ(failure("a=%zz").status, 400);
}

TEST(FormDecoder, RejectsUnbalancedBrackets) {
  for (std::string_view text : {"a[b=1", "a]=1", "a[b]]=1", "a[[b]]=1", "[a]=1", "a[b]c=1"}) {
    ApiError e = failure(text);
    EXPECT_NE(e.message.find("Invalid parameter name"), std::string::npos) << text;
    EXPECT_EQ(e.type, ErrorType::kInvalidRequestError) << text;
  }
}

TEST(FormDecoder, RejectsAValueAndAHashUnderOneName) {
  ApiError e = failure("a=1&a[b]=2");
  EXPECT_EQ(e.param, "a");
  EXPECT_NE(e.message.find("more than one shape"), std::string::npos) << e.message;
  EXPECT_EQ(failure("a[b]=2&a=1").param, "a");
}

TEST(FormDecoder, RejectsAnArrayAndAHashUnderOneName) {
  EXPECT_EQ(failure("a[]=1&a[b]=2").param, "a");
  EXPECT_EQ(failure("a[b]=2&a[]=1").param, "a");
  EXPECT_EQ(failure("a[]=1&a[][k]=2").param, "a[]");
}

TEST(FormDecoder, RejectsNestingDeeperThanTheLimit) {
  std::string key = "a";
  for (int i = 0; i < 1000; ++i) key += "[b]";
  ApiError e = failure(key + "=1");
  EXPECT_NE(e.message.find("nested more than 12 levels"), std::string::npos) << e.message;
  // The message shows a bounded prefix of the key, not all 3001 characters.
  EXPECT_LT(e.message.size(), 300u);

  std::string twelve = "a";
  for (int i = 0; i < 12; ++i) twelve += "[b]";
  EXPECT_TRUE(decode_form(twelve + "=1").ok());
  EXPECT_FALSE(decode_form(twelve + "[b]=1").ok());
}

TEST(FormDecoder, RejectsTooManyPairs) {
  FormLimits limits;
  limits.max_pairs = 3;
  EXPECT_TRUE(decode_form("a=1&b=2&c=3", limits).ok());
  ApiError e = failure("a=1&b=2&c=3&d=4", limits);
  EXPECT_NE(e.message.find("Too many parameters"), std::string::npos) << e.message;
}

TEST(FormDecoder, RejectsOverlongKeys) {
  FormLimits limits;
  limits.max_key_bytes = 8;
  EXPECT_TRUE(decode_form("abcdefgh=1", limits).ok());
  EXPECT_NE(failure("abcdefghi=1", limits).message.find("too long"), std::string::npos);
}

TEST(FormDecoder, RejectsInvalidUtf8InKeyAndValue) {
  EXPECT_NE(failure("a%FF=1").message.find("Invalid UTF-8 in a parameter name"), std::string::npos);
  ApiError value = failure("name=%C3%28");
  EXPECT_NE(value.message.find("Invalid UTF-8 in the value of 'name'"), std::string::npos);
  EXPECT_EQ(value.param, "name");
}

TEST(PercentDecode, DecodesAndRejects) {
  std::string out;
  EXPECT_TRUE(percent_decode("a+b%20c%2b", out));
  EXPECT_EQ(out, "a b c+");
  EXPECT_TRUE(percent_decode("%41%62", out));
  EXPECT_EQ(out, "Ab");
  EXPECT_FALSE(percent_decode("%", out));
  EXPECT_FALSE(percent_decode("%4", out));
  EXPECT_FALSE(percent_decode("%G1", out));
  EXPECT_FALSE(percent_decode("x%1g", out));
}

}  // namespace
}  // namespace intentd::api
