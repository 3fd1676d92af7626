// Keyset pagination of SqliteTxn::list: newest first, cursors, created ranges and lookups.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "store/sqlite_store.h"
#include "testutil/store.h"

namespace intentd::store {
namespace {
using testutil::record;
using Ids = std::vector<std::string>;

class ListPaginationTest : public testutil::StoreTest {
 protected:
  std::optional<Page> list(const ListQuery& q, std::string_view account = "acct_a") {
    std::optional<Page> page;
    store().read([&](ReadTxn& txn) { page = txn.list(account, q); });
    return page;
  }

  static ListQuery query(int limit = 10) {
    ListQuery q;
    q.type = "customer";
    q.limit = limit;
    return q;
  }

  static Ids ids(const Page& page) {
    Ids out;
    for (const auto& o : page.data) out.emplace_back(o.at("id").as_string());
    return out;
  }

  // Five customers; by (created, insertion) the order newest first is 4, 3, 2, 1, 5.
  void insert_five() {
    write([](Txn& txn) {
      txn.insert("acct_a", record("customer", "cus_1", 100, {}, {{"email", "x@example.com"}}));
      txn.insert("acct_a", record("customer", "cus_2", 200, {}, {{"email", "y@example.com"}}));
      txn.insert("acct_a", record("customer", "cus_3", 200, {}, {{"email", "x@example.com"}}));
      txn.insert("acct_a", record("customer", "cus_4", 300, {}, {{"email", "y@example.com"}}));
      txn.insert("acct_a", record("customer", "cus_5", 50, {}, {{"email", "x@example.com"}}));
      // Neither another account's objects nor another type's appear in these lists.
      txn.insert("acct_b", record("customer", "cus_b", 150, {}, {{"email", "x@example.com"}}));
      txn.insert("acct_a", record("payment_method", "pm_1", 150));
    });
  }
};

TEST_F(ListPaginationTest, NewestFirstThenLatestInserted) {
  insert_five();
  auto page = list(query());
  ASSERT_TRUE(page);
  EXPECT_EQ(ids(*page), (Ids{"cus_4", "cus_3", "cus_2", "cus_1", "cus_5"}));
  EXPECT_FALSE(page->has_more);
}

TEST_F(ListPaginationTest, EmptyList) {
  auto page = list(query());
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->data.empty());
  EXPECT_FALSE(page->has_more);
}

TEST_F(ListPaginationTest, HasMoreOnlyWhenMoreRemain) {
  insert_five();
  EXPECT_TRUE(list(query(4))->has_more);
  EXPECT_FALSE(list(query(5))->has_more);
}

TEST_F(ListPaginationTest, StartingAfterPagesForward) {
  insert_five();
  auto q = query(2);
  auto first = list(q);
  EXPECT_EQ(ids(*first), (Ids{"cus_4", "cus_3"}));
  EXPECT_TRUE(first->has_more);
  q.starting_after = "cus_3";
  auto second = list(q);
  EXPECT_EQ(ids(*second), (Ids{"cus_2", "cus_1"}));
  EXPECT_TRUE(second->has_more);
  q.starting_after = "cus_1";
  auto third = list(q);
  EXPECT_EQ(ids(*third), (Ids{"cus_5"}));
  EXPECT_FALSE(third->has_more);
  q.starting_after = "cus_5";
  EXPECT_TRUE(list(q)->data.empty());
}

TEST_F(ListPaginationTest, EndingBeforePagesBackward) {
  insert_five();
  auto q = query(2);
  q.ending_before = "cus_5";
  auto page = list(q);
  EXPECT_EQ(ids(*page), (Ids{"cus_2", "cus_1"}));  // still newest first within the page
  EXPECT_TRUE(page->has_more);
  q.ending_before = "cus_2";
  page = list(q);
  EXPECT_EQ(ids(*page), (Ids{"cus_4", "cus_3"}));
  EXPECT_FALSE(page->has_more);
  q.ending_before = "cus_4";
  EXPECT_TRUE(list(q)->data.empty());
}

TEST_F(ListPaginationTest, CreatedRangeIsInclusive) {
  insert_five();
  auto q = query();
  q.created.gte = 200;
  q.created.lte = 200;
  EXPECT_EQ(ids(*list(q)), (Ids{"cus_3", "cus_2"}));
  q.created.gte = 60;
  q.created.lte = 250;
  EXPECT_EQ(ids(*list(q)), (Ids{"cus_3", "cus_2", "cus_1"}));
  q.created.lte = 60;
  EXPECT_TRUE(list(q)->data.empty());
}

TEST_F(ListPaginationTest, CreatedRangeWithACursor) {
  insert_five();
  auto q = query(1);
  q.created.lte = 200;
  q.starting_after = "cus_3";
  auto page = list(q);
  EXPECT_EQ(ids(*page), (Ids{"cus_2"}));
  EXPECT_TRUE(page->has_more);
}

TEST_F(ListPaginationTest, LookupFiltersOnOneField) {
  insert_five();
  auto q = query();
  q.lookup = LookupFilter{"email", {"x@example.com"}};
  EXPECT_EQ(ids(*list(q)), (Ids{"cus_3", "cus_1", "cus_5"}));
  q.limit = 1;
  q.starting_after = "cus_3";
  auto page = list(q);
  EXPECT_EQ(ids(*page), (Ids{"cus_1"}));
  EXPECT_TRUE(page->has_more);
  q.starting_after.clear();
  q.ending_before = "cus_5";
  EXPECT_EQ(ids(*list(q)), (Ids{"cus_1"}));
  q.lookup = LookupFilter{"email", {"nobody@example.com"}};
  q.ending_before.clear();
  EXPECT_TRUE(list(q)->data.empty());
}

TEST_F(ListPaginationTest, LookupFollowsUpdatesAndErases) {
  insert_five();
  write([](Txn& txn) {
    txn.update("acct_a", record("customer", "cus_4", 300, {}, {{"email", "x@example.com"}}));
    txn.erase("acct_a", "customer", "cus_1");
  });
  auto q = query();
  q.lookup = LookupFilter{"email", {"x@example.com"}};
  EXPECT_EQ(ids(*list(q)), (Ids{"cus_4", "cus_3", "cus_5"}));
  q.lookup = LookupFilter{"email", {"y@example.com"}};
  EXPECT_EQ(ids(*list(q)), (Ids{"cus_2"}));
}

TEST_F(ListPaginationTest, UpdateKeepsThePosition) {
  insert_five();
  write([](Txn& txn) { txn.update("acct_a", record("customer", "cus_1", 100, {{"name", "n"}})); });
  EXPECT_EQ(ids(*list(query())), (Ids{"cus_4", "cus_3", "cus_2", "cus_1", "cus_5"}));
}

TEST_F(ListPaginationTest, MissingCursorIsNullopt) {
  insert_five();
  auto q = query();
  q.starting_after = "cus_nope";
  EXPECT_FALSE(list(q).has_value());
  q.starting_after.clear();
  q.ending_before = "cus_nope";
  EXPECT_FALSE(list(q).has_value());
  // A cursor naming another account's object or another type's does not exist here.
  q.ending_before = "cus_b";
  EXPECT_FALSE(list(q).has_value());
  q.ending_before = "pm_1";
  EXPECT_FALSE(list(q).has_value());
}

class ListWalkTest : public ListPaginationTest {
 protected:
  static constexpr int kObjects = 250;
  static constexpr int kLimit = 7;

  // Newest first; four objects share each created second, so ties are exercised.
  Ids insert_many() {
    write([](Txn& txn) {
      for (int i = 0; i < kObjects; ++i)
        txn.insert("acct_a", record("customer", "cus_" + std::to_string(i), 1000 + i / 4));
    });
    Ids newest_first;
    for (int i = kObjects - 1; i >= 0; --i) newest_first.push_back("cus_" + std::to_string(i));
    return newest_first;
  }
};

TEST_F(ListWalkTest, ForwardVisitsEveryObjectOnce) {
  const Ids expected = insert_many();
  Ids seen;
  auto q = query(kLimit);
  int pages = 0;
  for (;;) {
    auto page = list(q);
    ASSERT_TRUE(page);
    ASSERT_FALSE(page->data.empty());
    for (auto& id : ids(*page)) seen.push_back(id);
    ++pages;
    if (!page->has_more) break;
    ASSERT_LE(pages, kObjects);
    q.starting_after = seen.back();
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, (kObjects + kLimit - 1) / kLimit);
}

TEST_F(ListWalkTest, BackwardVisitsEveryObjectOnce) {
  const Ids expected = insert_many();
  // Start below the oldest object and walk towards the newest.
  Ids seen{expected.back()};
  auto q = query(kLimit);
  q.ending_before = expected.back();
  int pages = 0;
  for (;;) {
    auto page = list(q);
    ASSERT_TRUE(page);
    ASSERT_FALSE(page->data.empty());
    Ids page_ids = ids(*page);
    seen.insert(seen.begin(), page_ids.begin(), page_ids.end());
    ++pages;
    if (!page->has_more) break;
    ASSERT_LE(pages, kObjects);
    q.ending_before = page_ids.front();
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
  EXPECT_EQ(pages, (kObjects - 1 + kLimit - 1) / kLimit);
}

}  // namespace
}  // namespace intentd::store
