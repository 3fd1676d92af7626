#include "api/list.h"

#include <gtest/gtest.h>

#include "api/form_decoder.h"
#include "testutil/store.h"

namespace intentd::api {
namespace {
namespace json = boost::json;
using testutil::record;

// A Call whose params are `form` checked against the list params, as the pipeline does.
Call list_call(std::string_view form) {
  Call call;
  call.account = "acct_a";
  call.path = "/v1/customers";
  auto raw = decode_form(form);
  EXPECT_TRUE(raw.ok()) << form;
  auto params = Param::hash(list_params()).check_request(raw.ok() ? *raw : json::object());
  EXPECT_TRUE(params.ok()) << form << ": " << (params.ok() ? "" : params.error().message);
  if (params.ok()) call.params = *params;
  return call;
}

store::ListQuery query_of(std::string_view form) {
  auto q = list_query(list_call(form), "customer");
  EXPECT_TRUE(q.ok()) << form;
  return q.ok() ? *q : store::ListQuery();
}

TEST(ListParams, LimitIsBetweenOneAndOneHundred) {
  Param schema = Param::hash(list_params());
  EXPECT_TRUE(schema.check_request(*decode_form("limit=100")).ok());
  EXPECT_EQ(schema.check_request(*decode_form("limit=0")).error().param, "limit");
  EXPECT_EQ(schema.check_request(*decode_form("limit=101")).error().message,
            "This value must be less than or equal to 100.");
}

TEST(ListQuery, Defaults) {
  store::ListQuery q = query_of("");
  EXPECT_EQ(q.type, "customer");
  EXPECT_EQ(q.limit, 10);
  EXPECT_TRUE(q.starting_after.empty());
  EXPECT_TRUE(q.ending_before.empty());
  EXPECT_EQ(q.created.gte, INT64_MIN);
  EXPECT_EQ(q.created.lte, INT64_MAX);
}

TEST(ListQuery, LimitAndCursors) {
  store::ListQuery q = query_of("limit=3&starting_after=cus_1");
  EXPECT_EQ(q.limit, 3);
  EXPECT_EQ(q.starting_after, "cus_1");
  EXPECT_EQ(query_of("ending_before=cus_2").ending_before, "cus_2");
}

TEST(ListQuery, BothCursorsAreExclusive) {
  auto q = list_query(list_call("starting_after=cus_1&ending_before=cus_2"), "customer");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().code, "parameters_exclusive");
}

TEST(ListQuery, CreatedExactValue) {
  store::ListQuery q = query_of("created=1700000000");
  EXPECT_EQ(q.created.gte, 1700000000);
  EXPECT_EQ(q.created.lte, 1700000000);
}

TEST(ListQuery, CreatedBoundsBecomeInclusive) {
  store::ListQuery q = query_of("created[gt]=10&created[lt]=20");
  EXPECT_EQ(q.created.gte, 11);
  EXPECT_EQ(q.created.lte, 19);
  q = query_of("created[gte]=10&created[gt]=12&created[lte]=30&created[lt]=25");
  EXPECT_EQ(q.created.gte, 13);  // the tighter of the two lower bounds
  EXPECT_EQ(q.created.lte, 24);
}

TEST(ListQuery, CreatedBoundsSaturateAtTheEdges) {
  store::ListQuery q = query_of("created[gt]=9223372036854775807&created[lt]=-9223372036854775808");
  EXPECT_EQ(q.created.gte, INT64_MAX);
  EXPECT_EQ(q.created.lte, INT64_MIN);
}

class ListPageTest : public testutil::StoreTest {
 protected:
  Result<json::value> page(std::string_view form) {
    Call call = list_call(form);
    auto q = list_query(call, "customer");
    EXPECT_TRUE(q.ok());
    std::optional<Result<json::value>> out;
    store().read([&](store::ReadTxn& txn) { out.emplace(list_page(call, txn, *q)); });
    return std::move(*out);
  }
};

TEST_F(ListPageTest, RendersTheListEnvelope) {
  write([](store::Txn& txn) {
    txn.insert("acct_a", record("customer", "cus_1", 100));
    txn.insert("acct_a", record("customer", "cus_2", 200));
  });
  auto r = page("limit=1");
  ASSERT_TRUE(r.ok());
  const json::object& o = r->as_object();
  EXPECT_EQ(o.at("object"), "list");
  EXPECT_EQ(o.at("url"), "/v1/customers");
  EXPECT_EQ(o.at("has_more"), true);
  ASSERT_EQ(o.at("data").as_array().size(), 1u);
  EXPECT_EQ(o.at("data").as_array()[0].as_object().at("id"), "cus_2");
}

TEST_F(ListPageTest, AMissingStartingAfterIsResourceMissing) {
  auto r = page("starting_after=cus_nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "resource_missing");
  EXPECT_EQ(r.error().param, "starting_after");
  EXPECT_EQ(r.error().status, 400);
  EXPECT_EQ(r.error().message, "No such customer: 'cus_nope'");
}

TEST_F(ListPageTest, AMissingEndingBeforeIsResourceMissing) {
  auto r = page("ending_before=cus_nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "resource_missing");
  EXPECT_EQ(r.error().param, "ending_before");
}

}  // namespace
}  // namespace intentd::api
