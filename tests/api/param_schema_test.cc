#include "api/param_schema.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "api/form_decoder.h"
#include "base/utf8.h"

namespace intentd::api {
namespace {
namespace json = boost::json;

json::value str(std::string_view s) {
  return json::value(json::string(s));
}

// Checks a form body against `schema` the way the pipeline does.
Result<json::object> check_form(const Param& schema, std::string_view form) {
  auto raw = decode_form(form);
  EXPECT_TRUE(raw.ok()) << form;
  return schema.check_request(raw.ok() ? *raw : json::object());
}

json::object accepted(const Param& schema, std::string_view form) {
  auto r = check_form(schema, form);
  EXPECT_TRUE(r.ok()) << form << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : json::object();
}

ApiError rejected(const Param& schema, std::string_view form) {
  auto r = check_form(schema, form);
  EXPECT_FALSE(r.ok()) << form << " was accepted as " << (r.ok() ? json::serialize(*r) : "");
  return r.ok() ? ApiError() : r.error();
}

json::object parsed(std::string_view text) {
  return json::parse(text).as_object();
}

TEST(ParamString, AcceptsAndChecksLength) {
  Param p = Param::string().max_length(5);
  EXPECT_EQ(p.check(str("hello"), "name").value(), str("hello"));
  // Length counts characters, not bytes.
  EXPECT_TRUE(p.check(str("h\xC3\xA9llo"), "name").ok());
  EXPECT_FALSE(p.check(str("hello!"), "name").ok());
}

TEST(ParamString, MaxLengthMessageAbbreviatesTheValue) {
  ApiError e =
      Param::string().max_length(5).check(str("abcdefghijklmnopqrstuvwxyz"), "name").error();
  EXPECT_EQ(e.message, "Invalid string: abcd...wxyz; must be at most 5 characters");
  EXPECT_EQ(e.param, "name");
  EXPECT_EQ(e.status, 400);
}

TEST(ParamString, MaxLengthMessageAbbreviatesByCharacters) {
  // Stripe keeps the first and last four characters; cutting by bytes would split "é" and put
  // invalid UTF-8 into the JSON error body.
  std::string value = "a";
  for (int i = 0; i < 12; ++i) value += "\xC3\xA9";  // "a" and twelve "é": 13 characters
  ApiError e = Param::string().max_length(5).check(str(value), "name").error();
  EXPECT_TRUE(valid_utf8(e.message)) << e.message;
  EXPECT_EQ(
      e.message,
      "Invalid string: a\xC3\xA9\xC3\xA9\xC3\xA9...\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9; must be at "
      "most 5 characters");
}

TEST(ParamString, RejectsAHash) {
  EXPECT_EQ(Param::string().check(json::object{{"a", "b"}}, "name").error().message,
            "Invalid string: a hash");
}

TEST(ParamInteger, ParsesDecimalStringsAndJsonNumbers) {
  EXPECT_EQ(Param::integer().check(str("-42"), "n").value(), json::value(-42));
  EXPECT_EQ(Param::integer().check(json::value(7), "n").value(), json::value(7));
  EXPECT_EQ(Param::integer().check(str("9223372036854775807"), "n").value(),
            json::value(INT64_MAX));
}

TEST(ParamInteger, RejectsJunkAndOverflow) {
  for (std::string_view s : {"abc", "1.5", "12abc", " 1", "9223372036854775808",
                             "-9223372036854775809", "99999999999999999999"}) {
    ApiError e = Param::integer().check(str(s), "amount").error();
    EXPECT_EQ(e.code, "parameter_invalid_integer") << s;
    EXPECT_EQ(e.message, "Invalid integer: " + std::string(s));
    EXPECT_EQ(e.param, "amount");
  }
  EXPECT_EQ(Param::integer().check(json::value(uint64_t{1} << 63), "n").error().code,
            "parameter_invalid_integer");
}

TEST(ParamInteger, MinAndMaxMessages) {
  Param p = Param::integer().min(1).max(100);
  EXPECT_EQ(p.check(str("0"), "limit").error().message,
            "This value must be greater than or equal to 1.");
  EXPECT_EQ(p.check(str("101"), "limit").error().message,
            "This value must be less than or equal to 100.");
  EXPECT_EQ(p.check(str("101"), "limit").error().code, "parameter_invalid_integer");
  EXPECT_TRUE(p.check(str("1"), "limit").ok());
  EXPECT_TRUE(p.check(str("100"), "limit").ok());
}

TEST(ParamBoolean, AcceptsStripeSpellings) {
  Param p = Param::boolean();
  EXPECT_EQ(p.check(str("true"), "b").value(), json::value(true));
  EXPECT_EQ(p.check(str("True"), "b").value(), json::value(true));
  EXPECT_EQ(p.check(str("false"), "b").value(), json::value(false));
  EXPECT_EQ(p.check(str("False"), "b").value(), json::value(false));
  EXPECT_EQ(p.check(json::value(true), "b").value(), json::value(true));
  EXPECT_EQ(p.check(str("yes"), "b").error().message, "Invalid boolean: yes");
  EXPECT_FALSE(p.check(str("1"), "b").ok());
  EXPECT_FALSE(p.check(str("TRUE"), "b").ok());
}

TEST(ParamEnum, AcceptsAListedValue) {
  Param p = Param::one_of({"none", "reverse", "exempt"});
  EXPECT_EQ(p.check(str("reverse"), "tax_exempt").value(), str("reverse"));
}

TEST(ParamEnum, MessageListsTheValues) {
  Param three = Param::one_of({"none", "reverse", "exempt"});
  ApiError e = three.check(str("bogus"), "tax_exempt").error();
  EXPECT_EQ(e.message, "Invalid tax_exempt: must be one of none, reverse, or exempt");
  EXPECT_EQ(e.param, "tax_exempt");
  EXPECT_EQ(Param::one_of({"a", "b"}).check(str("c"), "x").error().message,
            "Invalid x: must be one of a or b");
}

TEST(ParamHash, ChecksNestedFields) {
  Param schema = Param::hash({
      {"shipping", Param::hash({{"name", Param::string()}, {"phone", Param::string()}})},
      {"balance", Param::integer()},
  });
  EXPECT_EQ(accepted(schema, "shipping[name]=Jenny&balance=5"),
            parsed(R"({"shipping":{"name":"Jenny"},"balance":5})"));
  EXPECT_EQ(rejected(schema, "shipping=abc").message, "Invalid object");
}

TEST(ParamArray, FromEmptyBrackets) {
  Param schema = Param::hash({{"locales", Param::array(Param::string())}});
  EXPECT_EQ(accepted(schema, "locales[]=en&locales[]=fr"), parsed(R"({"locales":["en","fr"]})"));
}

TEST(ParamArray, FromNumberedMapsOrderedByIndex) {
  Param schema = Param::hash({{"items", Param::array(Param::hash({{"price", Param::string()}}))}});
  EXPECT_EQ(
      accepted(schema, "items[2][price]=c&items[0][price]=a&items[10][price]=d&items[1][price]=b"),
      parsed(R"({"items":[{"price":"a"},{"price":"b"},{"price":"c"},{"price":"d"}]})"));
}

TEST(ParamArray, RejectsNonNumericIndexes) {
  Param schema = Param::hash({{"items", Param::array(Param::string())}});
  ApiError e = rejected(schema, "items[x]=1");
  EXPECT_EQ(e.message, "Invalid array");
  EXPECT_EQ(e.param, "items");
  EXPECT_EQ(rejected(schema, "items=1").message, "Invalid array");
}

TEST(ParamArray, ElementErrorsNameTheIndex) {
  Param schema = Param::hash({{"amounts", Param::array(Param::integer())}});
  EXPECT_EQ(rejected(schema, "amounts[]=1&amounts[]=x").param, "amounts[1]");
}

TEST(ParamMap, ChecksEveryValue) {
  Param schema = Param::hash({{"limits", Param::map(Param::integer())}});
  EXPECT_EQ(accepted(schema, "limits[a]=1&limits[b]=2"), parsed(R"({"limits":{"a":1,"b":2}})"));
  EXPECT_EQ(rejected(schema, "limits[a]=x").param, "limits[a]");
}

TEST(ParamMetadata, AcceptsStringsAndUnsets) {
  Param schema = Param::hash({{"metadata", Param::metadata()}});
  EXPECT_EQ(accepted(schema, "metadata[order]=6735&metadata[gone]="),
            parsed(R"({"metadata":{"order":"6735","gone":null}})"));
  EXPECT_EQ(accepted(schema, "metadata="), parsed(R"({"metadata":null})"));
}

TEST(ParamMetadata, AtMostFiftyKeys) {
  Param schema = Param::hash({{"metadata", Param::metadata()}});
  std::string form;
  for (int i = 0; i < 50; ++i) form += "metadata[k" + std::to_string(i) + "]=v&";
  EXPECT_TRUE(check_form(schema, form).ok());
  ApiError e = rejected(schema, form + "metadata[k50]=v");
  EXPECT_EQ(e.message,
            "Metadata can have up to 50 keys, but you've set 51. Email us at "
            "support+metadata@stripe.com for more information.");
  EXPECT_EQ(e.param, "metadata");
}

TEST(ParamMetadata, KeysAtMostFortyCharacters) {
  Param schema = Param::hash({{"metadata", Param::metadata()}});
  EXPECT_TRUE(check_form(schema, "metadata[" + std::string(40, 'k') + "]=v").ok());
  const std::string key(41, 'k');
  ApiError e = rejected(schema, "metadata[" + key + "]=v");
  EXPECT_EQ(e.message,
            "Metadata keys can have up to 40 characters, but you passed in a key that is 41 "
            "characters. Invalid key: " +
                key);
  EXPECT_EQ(e.param, "metadata[" + key + "]");
}

TEST(ParamMetadata, ValuesAtMostFiveHundredCharacters) {
  Param schema = Param::hash({{"metadata", Param::metadata()}});
  EXPECT_TRUE(check_form(schema, "metadata[k]=" + std::string(500, 'v')).ok());
  ApiError e = rejected(schema, "metadata[k]=" + std::string(501, 'v'));
  EXPECT_EQ(e.message.rfind("Metadata values can have up to 500 characters, but you passed in a "
                            "value that is 501 characters.",
                            0),
            0u)
      << e.message;
  EXPECT_EQ(e.param, "metadata[k]");
}

TEST(ParamMetadata, RejectsNestedValues) {
  Param schema = Param::hash({{"metadata", Param::metadata()}});
  ApiError e = rejected(schema, "metadata[a][b]=c");
  EXPECT_EQ(e.message.rfind("Invalid value type: ", 0), 0u) << e.message;
  EXPECT_NE(e.message.find("must be a string"), std::string::npos);
  EXPECT_EQ(e.param, "metadata[a]");
}

TEST(ParamRange, AnIntegerOrAHashOfBounds) {
  Param schema = Param::hash({{"created", Param::range()}});
  EXPECT_EQ(accepted(schema, "created=100"), parsed(R"({"created":100})"));
  EXPECT_EQ(accepted(schema, "created[gte]=1&created[lt]=9"),
            parsed(R"({"created":{"gte":1,"lt":9}})"));
  EXPECT_EQ(rejected(schema, "created[gte]=x").param, "created[gte]");
  EXPECT_EQ(rejected(schema, "created[between]=1").code, "parameter_unknown");
}

TEST(ParamUnsupported, NamesTheParam) {
  Param schema = Param::hash({{"tax", Param::unsupported()}});
  ApiError e = rejected(schema, "tax[ip_address]=1.2.3.4");
  EXPECT_EQ(e.param, "tax");
  EXPECT_NE(e.message.find("does not support it yet"), std::string::npos);
}

TEST(ParamRequired, MissingNamesTheFullBracketPath) {
  Param schema = Param::hash({
      {"shipping",
       Param::hash({{"address", Param::hash({{"line1", Param::string().required()}}).required()},
                    {"name", Param::string()}})},
  });
  ApiError e = rejected(schema, "shipping[name]=Jenny");
  EXPECT_EQ(e.code, "parameter_missing");
  EXPECT_EQ(e.param, "shipping[address]");
  EXPECT_EQ(e.message, "Missing required param: shipping[address].");
  EXPECT_EQ(rejected(schema, "shipping[address][city]=x").code, "parameter_unknown");
  EXPECT_EQ(rejected(schema, "shipping[address][line2]=").param, "shipping[address][line2]");
}

TEST(ParamRequired, TopLevel) {
  Param schema = Param::hash({{"amount", Param::integer().required()}});
  ApiError e = rejected(schema, "");
  EXPECT_EQ(e.param, "amount");
  EXPECT_EQ(e.message, "Missing required param: amount.");
}

TEST(ParamUnknown, OneUnknownParam) {
  Param schema = Param::hash({{"name", Param::string()}});
  ApiError e = rejected(schema, "bogus=1");
  EXPECT_EQ(e.code, "parameter_unknown");
  EXPECT_EQ(e.param, "bogus");
  EXPECT_EQ(e.message, "Received unknown parameter: bogus");
}

TEST(ParamUnknown, SeveralUnknownParamsArePlural) {
  Param schema = Param::hash({{"name", Param::string()}});
  ApiError e = rejected(schema, "foo=1&bar=2");
  EXPECT_EQ(e.code, "parameter_unknown");
  EXPECT_EQ(e.message, "Received unknown parameters: foo, bar");
  EXPECT_EQ(e.param, "foo");
}

TEST(ParamUnknown, SuggestsTheClosestName) {
  Param schema = Param::hash({{"email", Param::string()}, {"name", Param::string()}});
  EXPECT_EQ(rejected(schema, "emial=a@b.c").message,
            "Received unknown parameter: emial. Did you mean email?");
}

TEST(ParamUnknown, NestedUnknownUsesTheBracketPathAndSuggests) {
  Param schema = Param::hash(
      {{"shipping", Param::hash({{"address", Param::string()}, {"name", Param::string()}})}});
  ApiError e = rejected(schema, "shipping[adress]=x");
  EXPECT_EQ(e.param, "shipping[adress]");
  EXPECT_EQ(e.message, "Received unknown parameter: shipping[adress]. Did you mean address?");
}

TEST(ParamEmptyable, EmptyStringBecomesNull) {
  Param schema = Param::hash({{"tax_exempt", Param::one_of({"none", "exempt"}).emptyable()},
                              {"phone", Param::string().emptyable()}});
  EXPECT_EQ(accepted(schema, "tax_exempt=&phone="), parsed(R"({"tax_exempt":null,"phone":null})"));
}

TEST(ParamEmptyable, NotEmptyableIsInvalidEmpty) {
  Param schema = Param::hash({{"balance", Param::integer()}, {"name", Param::string()}});
  for (std::string_view form : {"balance=", "name="}) {
    ApiError e = rejected(schema, form);
    EXPECT_EQ(e.code, "parameter_invalid_empty") << form;
    std::string name(form.substr(0, form.size() - 1));
    EXPECT_EQ(e.param, name);
    EXPECT_EQ(e.message.rfind("You passed an empty string for '" + name + "'.", 0), 0u)
        << e.message;
  }
}

TEST(ParamWith, ExtendsAHash) {
  Param base = Param::hash({{"a", Param::string()}});
  Param more = base.with({{"b", Param::integer()}});
  EXPECT_NE(more.field("a"), nullptr);
  EXPECT_NE(more.field("b"), nullptr);
  EXPECT_EQ(base.field("b"), nullptr);
}

TEST(ChildPath, BracketsUnderAParent) {
  EXPECT_EQ(child_path("", "a"), "a");
  EXPECT_EQ(child_path("a", "b"), "a[b]");
  EXPECT_EQ(child_path("a[b]", "0"), "a[b][0]");
}

}  // namespace
}  // namespace intentd::api
