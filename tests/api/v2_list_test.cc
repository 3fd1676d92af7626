// v2 lists: `limit` and an opaque `page` token in, {data, next_page_url, previous_page_url}
// out, over the same keyset pages as v1.
#include <gtest/gtest.h>

#include <boost/json/array.hpp>

#include "api/form_decoder.h"
#include "api/list.h"
#include "events/event_log.h"
#include "resources/notifications/thin_events.h"
#include "testutil/store.h"

namespace intentd::api {
namespace {
namespace json = boost::json;
using testutil::record;

constexpr const char* kPath = "/v2/core/event_destinations";
constexpr const char* kType = "v2.core.event_destination";

// A Call whose params are `query` checked against the v2 list params, as the pipeline does.
Call v2_call(std::string_view query) {
  Call call;
  call.account = "acct_a";
  call.path = kPath;
  auto raw = decode_form(query);
  EXPECT_TRUE(raw.ok()) << query;
  auto params = Param::hash(v2_list_params()).check_request(raw.ok() ? *raw : json::object());
  EXPECT_TRUE(params.ok()) << query << ": " << (params.ok() ? "" : params.error().message);
  if (params.ok()) call.params = *params;
  return call;
}

TEST(V2ListParams, LimitIsBetweenOneAndOneHundred) {
  Param schema = Param::hash(v2_list_params());
  EXPECT_TRUE(schema.check_request(*decode_form("limit=1")).ok());
  EXPECT_TRUE(schema.check_request(*decode_form("limit=100")).ok());
  EXPECT_EQ(schema.check_request(*decode_form("limit=0")).error().param, "limit");
  EXPECT_EQ(schema.check_request(*decode_form("limit=101")).error().param, "limit");
  // v1 cursors are not v2 params.
  EXPECT_FALSE(schema.check_request(*decode_form("starting_after=ed_1")).ok());
}

TEST(V2ListQuery, Defaults) {
  auto q = v2_list_query(v2_call(""), kType);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->type, kType);
  EXPECT_EQ(q->limit, 10);
  EXPECT_TRUE(q->starting_after.empty());
  EXPECT_TRUE(q->ending_before.empty());
  EXPECT_FALSE(q->lookup.has_value());
}

TEST(V2ListQuery, PageTokensBecomeCursors) {
  auto q = v2_list_query(v2_call("limit=3&page=after_ed_123"), kType);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 3);
  EXPECT_EQ(q->starting_after, "ed_123");
  EXPECT_TRUE(q->ending_before.empty());
  q = v2_list_query(v2_call("page=before_ed_9"), kType);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->ending_before, "ed_9");
  EXPECT_TRUE(q->starting_after.empty());
}

TEST(V2ListQuery, AnUnknownPageTokenIsInvalid) {
  for (std::string_view bad : {"page=ed_1", "page=xyz", "page=After_ed_1"}) {
    auto q = v2_list_query(v2_call(bad), kType);
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(q.error().type, ErrorType::kInvalidRequestError);
    EXPECT_EQ(q.error().param, "page");
    EXPECT_EQ(q.error().status, 400);
  }
}

class V2ListPageTest : public testutil::StoreTest {
 protected:
  // ed_0 ... ed_4, created 100..104: newest first is ed_4 ... ed_0.
  void SetUp() override {
    write([](store::Txn& txn) {
      for (int i = 0; i < 5; ++i)
        txn.insert("acct_a", record(kType, "ed_" + std::to_string(i), 100 + i));
      txn.insert("acct_b", record(kType, "ed_other", 200));
    });
  }

  // Runs the list as the endpoint would: params → query → page.
  Result<json::value> list(std::string_view query) {
    Call call = v2_call(query);
    auto q = v2_list_query(call, kType);
    if (!q.ok()) return q.error();
    std::optional<Result<json::value>> out;
    store().read([&](store::ReadTxn& txn) { out = v2_list_page(call, txn, *q); });
    return std::move(*out);
  }

  static std::vector<std::string> ids(const json::value& page) {
    std::vector<std::string> out;
    for (const auto& o : page.at("data").as_array()) out.emplace_back(o.at("id").as_string());
    return out;
  }

  // The query part of a page url ("limit=2&page=after_ed_3"), checked to be on kPath.
  static std::string query_of(const json::value& url) {
    const std::string s(url.as_string());
    const std::string prefix = std::string(kPath) + "?";
    EXPECT_EQ(s.substr(0, prefix.size()), prefix) << s;
    return s.substr(prefix.size());
  }
};

TEST_F(V2ListPageTest, TheEnvelopeHasExactlyThreeFields) {
  auto page = list("");
  ASSERT_TRUE(page.ok());
  const json::object& o = page->as_object();
  EXPECT_EQ(o.size(), 3u);
  EXPECT_TRUE(o.contains("data"));
  EXPECT_TRUE(o.contains("next_page_url"));
  EXPECT_TRUE(o.contains("previous_page_url"));
}

TEST_F(V2ListPageTest, OnePageHoldsEverythingWithoutLinks) {
  auto page = list("");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"ed_4", "ed_3", "ed_2", "ed_1", "ed_0"}));
  EXPECT_TRUE(page->at("next_page_url").is_null());
  EXPECT_TRUE(page->at("previous_page_url").is_null());
}

TEST_F(V2ListPageTest, NextPageUrlsWalkEveryObjectOnce) {
  auto p1 = list("limit=2");
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(ids(*p1), (std::vector<std::string>{"ed_4", "ed_3"}));
  EXPECT_TRUE(p1->at("previous_page_url").is_null());
  ASSERT_TRUE(p1->at("next_page_url").is_string());
  EXPECT_EQ(p1->at("next_page_url"), "/v2/core/event_destinations?limit=2&page=after_ed_3");

  auto p2 = list(query_of(p1->at("next_page_url")));
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(ids(*p2), (std::vector<std::string>{"ed_2", "ed_1"}));
  EXPECT_EQ(p2->at("next_page_url"), "/v2/core/event_destinations?limit=2&page=after_ed_1");
  EXPECT_EQ(p2->at("previous_page_url"), "/v2/core/event_destinations?limit=2&page=before_ed_2");

  auto p3 = list(query_of(p2->at("next_page_url")));
  ASSERT_TRUE(p3.ok());
  EXPECT_EQ(ids(*p3), std::vector<std::string>{"ed_0"});
  EXPECT_TRUE(p3->at("next_page_url").is_null());
  EXPECT_EQ(p3->at("previous_page_url"), "/v2/core/event_destinations?limit=2&page=before_ed_0");
}

TEST_F(V2ListPageTest, PreviousPageUrlsWalkBack) {
  auto p3 = list("limit=2&page=after_ed_1");
  ASSERT_TRUE(p3.ok());
  auto p2 = list(query_of(p3->at("previous_page_url")));
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(ids(*p2), (std::vector<std::string>{"ed_2", "ed_1"}));
  ASSERT_TRUE(p2->at("previous_page_url").is_string());
  EXPECT_EQ(p2->at("next_page_url"), "/v2/core/event_destinations?limit=2&page=after_ed_1");

  auto p1 = list(query_of(p2->at("previous_page_url")));
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(ids(*p1), (std::vector<std::string>{"ed_4", "ed_3"}));
  // The first page again: nothing newer, so no previous page.
  EXPECT_TRUE(p1->at("previous_page_url").is_null());
  EXPECT_EQ(p1->at("next_page_url"), "/v2/core/event_destinations?limit=2&page=after_ed_3");
}

TEST_F(V2ListPageTest, APageAfterTheLastObjectIsEmpty) {
  auto page = list("limit=2&page=after_ed_0");
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->at("data").as_array().empty());
  EXPECT_TRUE(page->at("next_page_url").is_null());
  EXPECT_TRUE(page->at("previous_page_url").is_null());
}

TEST_F(V2ListPageTest, AnEmptyListHasNoLinks) {
  Call call = v2_call("");
  call.account = "acct_empty";
  auto q = v2_list_query(call, kType);
  ASSERT_TRUE(q.ok());
  std::optional<Result<json::value>> page;
  store().read([&](store::ReadTxn& txn) { page = v2_list_page(call, txn, *q); });
  ASSERT_TRUE(page->ok());
  EXPECT_TRUE((*page)->at("data").as_array().empty());
  EXPECT_TRUE((*page)->at("next_page_url").is_null());
  EXPECT_TRUE((*page)->at("previous_page_url").is_null());
}

TEST_F(V2ListPageTest, ATokenForAMissingObjectIsInvalid) {
  for (std::string_view q : {"page=after_ed_gone", "page=before_ed_gone", "page=after_ed_other"}) {
    auto page = list(q);
    ASSERT_FALSE(page.ok()) << q;
    EXPECT_EQ(page.error().type, ErrorType::kInvalidRequestError);
    EXPECT_EQ(page.error().param, "page");
  }
}

TEST_F(V2ListPageTest, OtherAccountsAreInvisible) {
  auto page = list("limit=100");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids(*page).size(), 5u);
}

// A filtered v2 list (GET /v2/core/events?object_id=…) pages through the filtered objects:
// the SDKs auto-paginate by requesting next_page_url exactly as given, so the next page
// must keep the filter.
TEST_F(V2ListPageTest, NextPageUrlKeepsTheListsFilters) {
  write([](store::Txn& txn) {
    for (int i = 0; i < 6; ++i) {
      const std::string about = i % 2 == 0 ? "ed_x" : "ed_y";
      events::emit_thin(
          txn,
          events::Origin::background("acct_a", 1'700'000'000'000 + i * 1000, Settings::defaults()),
          "v2.core.event_destination.ping",
          events::RelatedObject{about, "v2.core.event_destination", "/x"});
    }
  });
  auto get_events = [&](std::string_view query) -> Result<json::value> {
    Call call;
    call.account = "acct_a";
    call.path = "/v2/core/events";
    auto params = resources::thin_events::list_params().check_request(*decode_form(query));
    EXPECT_TRUE(params.ok()) << query;
    if (!params.ok()) return params.error();
    call.params = *params;
    std::optional<Result<json::value>> out;
    store().read([&](store::ReadTxn& txn) { out = resources::thin_events::list(call, txn); });
    return std::move(*out);
  };
  std::vector<std::string> about;
  auto page = get_events("object_id=ed_x&limit=2");
  for (int guard = 0; guard < 10; ++guard) {
    ASSERT_TRUE(page.ok());
    for (const auto& e : page->at("data").as_array())
      about.emplace_back(e.at("related_object").at("id").as_string());
    if (page->at("next_page_url").is_null()) break;
    const std::string next(page->at("next_page_url").as_string());
    ASSERT_EQ(next.rfind("/v2/core/events?", 0), 0u) << next;
    page = get_events(next.substr(next.find('?') + 1));
  }
  EXPECT_EQ(about, (std::vector<std::string>{"ed_x", "ed_x", "ed_x"}));
}

}  // namespace
}  // namespace intentd::api
