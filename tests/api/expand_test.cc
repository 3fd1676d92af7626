#include "api/expand.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "testutil/store.h"

namespace intentd::api {
namespace {
namespace json = boost::json;
using testutil::record;

ExpandRules rules() {
  ExpandRules r;
  r.add("payment_intent", "customer", "customer");
  r.add("payment_intent", "payment_method", "payment_method");
  r.add("payment_intent", "latest_charge", "charge");
  r.add("charge", "payment_intent", "payment_intent");
  r.add("customer", "invoice_settings.default_payment_method", "payment_method");
  r.add("payment_method", "customer", "customer");
  return r;
}

TEST(ExpandCheck, AcceptsDeclaredPaths) {
  ExpandRules r = rules();
  EXPECT_TRUE(r.check("payment_intent", false, {"customer"}).ok());
  EXPECT_TRUE(r.check("payment_intent", false, {"customer", "latest_charge"}).ok());
  EXPECT_TRUE(r.check("customer", false, {"invoice_settings.default_payment_method"}).ok());
  EXPECT_TRUE(r.check("payment_intent", false,
                      {"customer.invoice_settings.default_payment_method.customer"})
                  .ok());
  EXPECT_TRUE(r.check("payment_intent", false, {}).ok());
}

TEST(ExpandCheck, RejectsUnknownPathsNamingTheFirstFailingSegment) {
  ExpandRules r = rules();
  Status s = r.check("payment_intent", false, {"bogus"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "This property cannot be expanded (bogus).");
  EXPECT_EQ(s.error().param, "expand");
  EXPECT_EQ(s.error().status, 400);
  EXPECT_EQ(r.check("payment_intent", false, {"customer.nope.x"}).error().message,
            "This property cannot be expanded (nope).");
  // The field name alone is not enough: it must belong to the object's type.
  EXPECT_FALSE(r.check("customer", false, {"customer"}).ok());
  EXPECT_FALSE(r.check("customer", false, {"invoice_settings"}).ok());
}

TEST(ExpandCheck, RejectsEmptySegments) {
  ExpandRules r = rules();
  EXPECT_FALSE(r.check("payment_intent", false, {"customer."}).ok());
  EXPECT_FALSE(r.check("payment_intent", false, {".customer"}).ok());
  EXPECT_FALSE(r.check("payment_intent", false, {""}).ok());
}

TEST(ExpandCheck, AtMostFourLevels) {
  ExpandRules r = rules();
  EXPECT_TRUE(
      r.check("charge", false, {"payment_intent.latest_charge.payment_intent.latest_charge"}).ok());
  Status s = r.check("charge", false,
                     {"payment_intent.latest_charge.payment_intent.latest_charge.payment_intent"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "property_expansion_max_depth");
  EXPECT_EQ(s.error().param, "expand");
}

TEST(ExpandCheck, ListPathsStartWithData) {
  ExpandRules r = rules();
  EXPECT_TRUE(r.check("payment_intent", true, {"data.customer"}).ok());
  Status s = r.check("payment_intent", true, {"customer"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "This property cannot be expanded (customer). You may want to try expanding "
            "'data.customer' instead.");
  // No hint when the data. form would fail as well.
  EXPECT_EQ(r.check("payment_intent", true, {"bogus"}).error().message,
            "This property cannot be expanded (bogus).");
  // data counts as a level.
  EXPECT_EQ(r.check("charge", true, {"data.payment_intent.latest_charge.payment_intent.customer"})
                .error()
                .code,
            "property_expansion_max_depth");
}

class ExpandApplyTest : public testutil::StoreTest {
 protected:
  void SetUp() override {
    write([](store::Txn& txn) {
      txn.insert("acct_a", record("payment_method", "pm_1", 1, {{"customer", "cus_1"}}));
      txn.insert("acct_a", record("customer", "cus_1", 1,
                                  {{"invoice_settings", {{"default_payment_method", "pm_1"}}}}));
      txn.insert("acct_b", record("customer", "cus_b", 1));
    });
  }

  json::value apply(json::value response, std::string_view type, bool list,
                    const std::vector<std::string>& paths) {
    ExpandRules r = rules();
    EXPECT_TRUE(r.check(type, list, paths).ok());
    store().read([&](store::ReadTxn& txn) { r.apply(response, type, list, paths, "acct_a", txn); });
    return response;
  }
};

json::value intent(std::string_view customer) {
  json::object o{{"id", "pi_1"},
                 {"object", "payment_intent"},
                 {"payment_method", nullptr},
                 {"latest_charge", "ch_missing"}};
  o["customer"] = customer.empty() ? json::value(nullptr) : json::value(customer);
  return o;
}

TEST_F(ExpandApplyTest, ReplacesAnIdWithTheObject) {
  json::value out = apply(intent("cus_1"), "payment_intent", false, {"customer"});
  const json::object& customer = out.at("customer").as_object();
  EXPECT_EQ(customer.at("id"), "cus_1");
  EXPECT_EQ(customer.at("object"), "customer");
  // Only the named path expands.
  EXPECT_EQ(customer.at("invoice_settings").at("default_payment_method"), "pm_1");
}

TEST_F(ExpandApplyTest, LeavesNullAndDanglingIdsAlone) {
  json::value out =
      apply(intent("cus_1"), "payment_intent", false, {"payment_method", "latest_charge"});
  EXPECT_TRUE(out.at("payment_method").is_null());
  EXPECT_EQ(out.at("latest_charge"), "ch_missing");
  EXPECT_EQ(out.at("customer"), "cus_1");
}

TEST_F(ExpandApplyTest, AnotherAccountsObjectIsNotExpanded) {
  json::value out = apply(intent("cus_b"), "payment_intent", false, {"customer"});
  EXPECT_EQ(out.at("customer"), "cus_b");
}

TEST_F(ExpandApplyTest, FollowsNestedPaths) {
  json::value out = apply(intent("cus_1"), "payment_intent", false,
                          {"customer.invoice_settings.default_payment_method.customer"});
  const json::value& pm = out.at("customer").at("invoice_settings").at("default_payment_method");
  EXPECT_EQ(pm.at("object"), "payment_method");
  EXPECT_EQ(pm.at("customer").at("object"), "customer");
}

TEST_F(ExpandApplyTest, OverlappingPathsBothApply) {
  json::value out = apply(intent("cus_1"), "payment_intent", false,
                          {"customer", "customer.invoice_settings.default_payment_method"});
  EXPECT_EQ(out.at("customer").at("invoice_settings").at("default_payment_method").at("id"),
            "pm_1");
}

TEST_F(ExpandApplyTest, ExpandsEveryItemOfAList) {
  json::value list =
      json::object{{"object", "list"},
                   {"data", json::array{intent("cus_1"), intent(""), intent("cus_1")}},
                   {"has_more", false}};
  json::value out = apply(list, "payment_intent", true, {"data.customer"});
  const json::array& data = out.at("data").as_array();
  EXPECT_EQ(data[0].at("customer").at("id"), "cus_1");
  EXPECT_TRUE(data[1].at("customer").is_null());
  EXPECT_EQ(data[2].at("customer").at("id"), "cus_1");
}

}  // namespace
}  // namespace intentd::api
