// The Txn methods behind the job queue and webhook delivery: enqueue, claim (a lease),
// finish, reschedule, release, next due time, counts, delivery attempts, and the list
// features the event endpoints use (several lookup values, `keep`, erase by age).
#include "testutil/jobs.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "testutil/store.h"
#include "testutil/wait.h"

namespace intentd::store {
namespace {
namespace json = boost::json;
using testutil::record;

constexpr int64_t kNow = 1'700'000'000'000;

class JobsTest : public testutil::StoreTest {
 protected:
  int64_t enqueue(std::string kind, int64_t due_ms, std::string account = "acct_a",
                  int attempts = 0, std::string payload = "{}") {
    Job j;
    j.account = std::move(account);
    j.kind = std::move(kind);
    j.payload = std::move(payload);
    j.due_ms = due_ms;
    j.attempts = attempts;
    int64_t id = 0;
    write([&](Txn& txn) { id = txn.enqueue_job(j); });
    return id;
  }

  std::vector<Job> claim(int64_t now_ms, int64_t lease_until_ms, int limit = 100) {
    std::vector<Job> out;
    write([&](Txn& txn) { out = txn.claim_jobs(now_ms, lease_until_ms, limit); });
    return out;
  }

  static std::vector<int64_t> ids(const std::vector<Job>& jobs) {
    std::vector<int64_t> out;
    for (const auto& j : jobs) out.push_back(j.id);
    return out;
  }

  std::optional<int64_t> next_due(int64_t now_ms) {
    std::optional<int64_t> out;
    store().read([&](ReadTxn& txn) { out = txn.next_job_due_ms(now_ms); });
    return out;
  }

  int count(std::string_view account, std::string_view kind) {
    int n = 0;
    store().read([&](ReadTxn& txn) { n = txn.count_jobs(account, kind); });
    return n;
  }

  std::vector<testutil::JobRow> rows() { return testutil::job_rows(dir_.file("intentd.db")); }

  Page list(std::string_view account, const ListQuery& q) {
    std::optional<Page> page;
    store().read([&](ReadTxn& txn) { page = txn.list(account, q); });
    EXPECT_TRUE(page.has_value());
    return page.value_or(Page{});
  }

  static std::vector<std::string> page_ids(const Page& p) {
    std::vector<std::string> out;
    for (const auto& o : p.data) out.emplace_back(o.at("id").as_string());
    return out;
  }
};

// ---- enqueue / claim / finish / reschedule ----

TEST_F(JobsTest, EnqueueAssignsIncreasingIdsAndStoresTheJob) {
  const int64_t a = enqueue("webhook.deliver", kNow, "acct_a", 0, R"({"event":"evt_1"})");
  const int64_t b = enqueue("housekeeping", kNow + 5, "", 2);
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  auto r = rows();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].id, a);
  EXPECT_EQ(r[0].account, "acct_a");
  EXPECT_EQ(r[0].kind, "webhook.deliver");
  EXPECT_EQ(r[0].payload, R"({"event":"evt_1"})");
  EXPECT_EQ(r[0].due_ms, kNow);
  EXPECT_EQ(r[0].attempts, 0);
  EXPECT_EQ(r[0].claimed_until_ms, 0);
  EXPECT_EQ(r[1].attempts, 2);
}

TEST_F(JobsTest, CountJobsIsPerAccountAndKind) {
  enqueue("webhook.deliver", kNow, "acct_a");
  enqueue("webhook.deliver", kNow, "acct_a");
  enqueue("webhook.deliver", kNow, "acct_b");
  enqueue("housekeeping", kNow, "");
  EXPECT_EQ(count("acct_a", "webhook.deliver"), 2);
  EXPECT_EQ(count("acct_b", "webhook.deliver"), 1);
  EXPECT_EQ(count("acct_a", "housekeeping"), 0);
  EXPECT_EQ(count("", "housekeeping"), 1);
  EXPECT_EQ(count("acct_c", "webhook.deliver"), 0);
}

TEST_F(JobsTest, ClaimTakesTheEarliestDueJobsUpToTheLimit) {
  const int64_t late = enqueue("k", kNow - 10);
  const int64_t early = enqueue("k", kNow - 30);
  const int64_t exactly_now = enqueue("k", kNow);
  const int64_t future = enqueue("k", kNow + 1);
  // The earliest due are taken first (the order they come back in is not promised).
  const std::vector<int64_t> first = ids(claim(kNow, kNow + 1000, 2));
  EXPECT_EQ(std::set<int64_t>(first.begin(), first.end()), (std::set<int64_t>{early, late}));
  auto rest = claim(kNow, kNow + 1000, 10);
  EXPECT_EQ(ids(rest), std::vector<int64_t>{exactly_now});
  EXPECT_EQ(ids(claim(kNow + 1, kNow + 1000)), std::vector<int64_t>{future});
}

TEST_F(JobsTest, ClaimReturnsTheJobsFields) {
  const int64_t id = enqueue("webhook.deliver", kNow, "acct_a", 3, R"({"x":1})");
  auto got = claim(kNow, kNow + 1000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, id);
  EXPECT_EQ(got[0].account, "acct_a");
  EXPECT_EQ(got[0].kind, "webhook.deliver");
  EXPECT_EQ(got[0].payload, R"({"x":1})");
  EXPECT_EQ(got[0].due_ms, kNow);
  EXPECT_EQ(got[0].attempts, 3);
  EXPECT_EQ(testutil::job_row(dir_.file("intentd.db"), id)->claimed_until_ms, kNow + 1000);
}

TEST_F(JobsTest, AClaimIsALease) {
  const int64_t id = enqueue("k", kNow);
  ASSERT_EQ(claim(kNow, kNow + 1000).size(), 1u);
  // Under the lease nobody claims it again...
  EXPECT_TRUE(claim(kNow, kNow + 1000).empty());
  EXPECT_TRUE(claim(kNow + 999, kNow + 5000).empty());
  // ...and once it runs out (a crashed worker) it is claimed again, with a new lease.
  EXPECT_EQ(ids(claim(kNow + 1000, kNow + 3000)), std::vector<int64_t>{id});
  EXPECT_TRUE(claim(kNow + 2000, kNow + 9000).empty());
}

TEST_F(JobsTest, ReleaseJobClaimsFreesEveryLease) {
  const int64_t a = enqueue("k", kNow);
  const int64_t b = enqueue("k", kNow + 1);
  ASSERT_EQ(claim(kNow + 1, kNow + 60'000).size(), 2u);
  ASSERT_TRUE(claim(kNow + 1, kNow + 60'000).empty());
  write([](Txn& txn) { txn.release_job_claims(); });
  for (const auto& r : rows()) EXPECT_EQ(r.claimed_until_ms, 0);
  EXPECT_EQ(ids(claim(kNow + 1, kNow + 60'000)), (std::vector<int64_t>{a, b}));
}

TEST_F(JobsTest, FinishDeletesTheJob) {
  const int64_t a = enqueue("k", kNow);
  const int64_t b = enqueue("k", kNow);
  write([&](Txn& txn) { txn.finish_job(a); });
  auto r = rows();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].id, b);
  // Finishing a job that is gone is harmless.
  write([&](Txn& txn) { txn.finish_job(a); });
  EXPECT_EQ(rows().size(), 1u);
}

TEST_F(JobsTest, RescheduleMovesTheJobAndDropsItsClaim) {
  const int64_t id = enqueue("k", kNow);
  ASSERT_EQ(claim(kNow, kNow + 60'000).size(), 1u);
  write([&](Txn& txn) { txn.reschedule_job(id, kNow + 5000, 1); });
  auto r = testutil::job_row(dir_.file("intentd.db"), id);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->due_ms, kNow + 5000);
  EXPECT_EQ(r->attempts, 1);
  EXPECT_EQ(r->claimed_until_ms, 0);
  EXPECT_TRUE(claim(kNow + 4999, kNow + 60'000).empty());
  auto again = claim(kNow + 5000, kNow + 60'000);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
}

// ---- next_job_due_ms ----

TEST_F(JobsTest, NextDueIsNulloptWithoutJobs) {
  EXPECT_FALSE(next_due(kNow).has_value());
}

TEST_F(JobsTest, NextDueIsTheEarliestJobNotUnderAClaim) {
  enqueue("k", kNow + 500);
  enqueue("k", kNow + 100);
  EXPECT_EQ(next_due(kNow), kNow + 100);
  // A job already due is reported as it is (the caller waits zero).
  const int64_t overdue = enqueue("k", kNow - 50);
  EXPECT_EQ(next_due(kNow), kNow - 50);
  // Claimed jobs do not count while their lease lasts.
  ASSERT_EQ(ids(claim(kNow, kNow + 10'000)), std::vector<int64_t>{overdue});
  EXPECT_EQ(next_due(kNow), kNow + 100);
  // Once the lease is over the job is due again.
  EXPECT_EQ(next_due(kNow + 10'000), kNow - 50);
}

// ---- the enqueue listener ----

TEST_F(JobsTest, ListenerHearsCommitsThatEnqueued) {
  std::atomic<int> heard{0};
  store().on_jobs_enqueued([&] { heard.fetch_add(1); });
  insert("acct_a", record("customer", "cus_1", 100));
  EXPECT_EQ(heard.load(), 0);
  enqueue("k", kNow);
  EXPECT_EQ(heard.load(), 1);
  // A reschedule and a release make work due as well.
  write([](Txn& txn) { txn.release_job_claims(); });
  EXPECT_EQ(heard.load(), 2);
  const int64_t id = rows().at(0).id;
  write([&](Txn& txn) { txn.reschedule_job(id, kNow, 1); });
  EXPECT_EQ(heard.load(), 3);
  // A failed write's job never existed; nobody is woken for it.
  EXPECT_EQ(store().write_sync([](Txn& txn) {
    Job j;
    j.kind = "k";
    j.payload = "{}";
    txn.enqueue_job(j);
    throw std::runtime_error("rolled back");
  }),
            CommitStatus::kFailed);
  EXPECT_EQ(rows().size(), 1u);
  store().on_jobs_enqueued({});
}

// ---- delivery attempts ----

TEST_F(JobsTest, DeliveryAttemptsRoundTripInOrder) {
  DeliveryAttempt a1{"acct_a", "evt_1", "we_1", 1, kNow, 500, "", 12, "oops"};
  DeliveryAttempt a2{"acct_a", "evt_1", "we_1", 2, kNow + 60'000, 0, "Connection refused", 3, ""};
  DeliveryAttempt other_event{"acct_a", "evt_2", "we_1", 1, kNow, 200, "", 1, ""};
  DeliveryAttempt other_account{"acct_b", "evt_1", "we_9", 1, kNow, 200, "", 1, ""};
  write([&](Txn& txn) {
    txn.record_attempt(a1);
    txn.record_attempt(other_event);
    txn.record_attempt(other_account);
    txn.record_attempt(a2);
  });
  std::vector<DeliveryAttempt> got;
  store().read([&](ReadTxn& txn) { got = txn.delivery_attempts("acct_a", "evt_1"); });
  ASSERT_EQ(got.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const DeliveryAttempt& want = i == 0 ? a1 : a2;
    EXPECT_EQ(got[i].account, want.account);
    EXPECT_EQ(got[i].event_id, want.event_id);
    EXPECT_EQ(got[i].destination, want.destination);
    EXPECT_EQ(got[i].attempt, want.attempt);
    EXPECT_EQ(got[i].at_ms, want.at_ms);
    EXPECT_EQ(got[i].status_code, want.status_code);
    EXPECT_EQ(got[i].error, want.error);
    EXPECT_EQ(got[i].latency_ms, want.latency_ms);
    EXPECT_EQ(got[i].response_head, want.response_head);
  }
  store().read([&](ReadTxn& txn) { got = txn.delivery_attempts("acct_a", "evt_none"); });
  EXPECT_TRUE(got.empty());
}

// ---- erase_created_before ----

TEST_F(JobsTest, EraseCreatedBeforeTakesTheOldestUpToTheLimit) {
  write([](Txn& txn) {
    for (int i = 0; i < 5; ++i)
      txn.insert("acct_a", record("event", "evt_" + std::to_string(i), 100 + i, {},
                                  {{"type", "customer.created"}}));
    txn.insert("acct_a", record("customer", "cus_old", 1));
    txn.insert("acct_b", record("event", "evt_b", 1, {}, {{"type", "customer.created"}}));
  });
  int erased = 0;
  write([&](Txn& txn) { erased = txn.erase_created_before("acct_a", "event", 104, 2); });
  EXPECT_EQ(erased, 2);
  EXPECT_FALSE(get("acct_a", "event", "evt_0").has_value());
  EXPECT_FALSE(get("acct_a", "event", "evt_1").has_value());
  EXPECT_TRUE(get("acct_a", "event", "evt_2").has_value());
  write([&](Txn& txn) { erased = txn.erase_created_before("acct_a", "event", 104, 100); });
  EXPECT_EQ(erased, 2);  // evt_2 and evt_3; evt_4 was created at the cutoff
  EXPECT_TRUE(get("acct_a", "event", "evt_4").has_value());
  // Other types and other accounts are untouched.
  EXPECT_TRUE(get("acct_a", "customer", "cus_old").has_value());
  EXPECT_TRUE(get("acct_b", "event", "evt_b").has_value());
  // The erased objects' lookups are gone with them.
  ListQuery q;
  q.type = "event";
  q.lookup = LookupFilter{"type", {"customer.created"}};
  EXPECT_EQ(page_ids(list("acct_a", q)), std::vector<std::string>{"evt_4"});
}

// ---- ListQuery: several lookup values, keep ----

class ListFeaturesTest : public JobsTest {
 protected:
  // evt_0 ... evt_9, created 100..109, types cycling a, b, c.
  void SetUp() override {
    write([](Txn& txn) {
      for (int i = 0; i < 10; ++i) {
        const std::string type = std::string(1, static_cast<char>('a' + i % 3));
        txn.insert("acct_a", record("event", "evt_" + std::to_string(i), 100 + i,
                                    {{"type", type}, {"n", i}}, {{"type", type}}));
      }
      txn.insert("acct_b", record("event", "evt_b", 105, {{"type", "a"}}, {{"type", "a"}}));
    });
  }
  ListQuery query(std::vector<std::string> types, int limit = 10) {
    ListQuery q;
    q.type = "event";
    q.limit = limit;
    if (!types.empty()) q.lookup = LookupFilter{"type", std::move(types)};
    return q;
  }
};

TEST_F(ListFeaturesTest, OneLookupValue) {
  EXPECT_EQ(page_ids(list("acct_a", query({"a"}))),
            (std::vector<std::string>{"evt_9", "evt_6", "evt_3", "evt_0"}));
}

TEST_F(ListFeaturesTest, SeveralLookupValuesMergeNewestFirst) {
  Page p = list("acct_a", query({"a", "c"}));
  EXPECT_EQ(page_ids(p), (std::vector<std::string>{"evt_9", "evt_8", "evt_6", "evt_5", "evt_3",
                                                   "evt_2", "evt_0"}));
  EXPECT_FALSE(p.has_more);
  // Values that match nothing add nothing.
  EXPECT_EQ(page_ids(list("acct_a", query({"b", "zzz"}))),
            (std::vector<std::string>{"evt_7", "evt_4", "evt_1"}));
  EXPECT_TRUE(list("acct_a", query({"x", "y"})).data.empty());
}

TEST_F(ListFeaturesTest, SeveralLookupValuesPageBothWays) {
  ListQuery q = query({"a", "c"}, 3);
  Page p1 = list("acct_a", q);
  EXPECT_EQ(page_ids(p1), (std::vector<std::string>{"evt_9", "evt_8", "evt_6"}));
  EXPECT_TRUE(p1.has_more);
  q.starting_after = "evt_6";
  Page p2 = list("acct_a", q);
  EXPECT_EQ(page_ids(p2), (std::vector<std::string>{"evt_5", "evt_3", "evt_2"}));
  EXPECT_TRUE(p2.has_more);
  q.starting_after = "evt_2";
  Page p3 = list("acct_a", q);
  EXPECT_EQ(page_ids(p3), std::vector<std::string>{"evt_0"});
  EXPECT_FALSE(p3.has_more);
  q.starting_after.clear();
  q.ending_before = "evt_3";
  Page back = list("acct_a", q);
  EXPECT_EQ(page_ids(back), (std::vector<std::string>{"evt_8", "evt_6", "evt_5"}));
  EXPECT_TRUE(back.has_more);
}

TEST_F(ListFeaturesTest, SeveralLookupValuesWithCreatedRange) {
  ListQuery q = query({"a", "b"});
  q.created.gte = 103;
  q.created.lte = 107;
  EXPECT_EQ(page_ids(list("acct_a", q)),
            (std::vector<std::string>{"evt_7", "evt_6", "evt_4", "evt_3"}));
}

TEST_F(ListFeaturesTest, AnObjectWithTwoMatchingValuesIsListedOnce) {
  // Lookups may repeat a field (an object with two tags); "any of" must not list it twice.
  write([](Txn& txn) {
    txn.insert("acct_t", record("thing", "th_1", 100, {}, {{"tag", "x"}, {"tag", "y"}}));
    txn.insert("acct_t", record("thing", "th_2", 101, {}, {{"tag", "y"}}));
  });
  ListQuery q;
  q.type = "thing";
  q.lookup = LookupFilter{"tag", {"x", "y"}};
  EXPECT_EQ(page_ids(list("acct_t", q)), (std::vector<std::string>{"th_2", "th_1"}));
}

TEST_F(ListFeaturesTest, KeepFiltersAndStillFillsThePage) {
  ListQuery q = query({}, 3);
  q.keep = [](const json::object& o) { return o.at("n").as_int64() % 2 == 0; };
  Page p1 = list("acct_a", q);
  EXPECT_EQ(page_ids(p1), (std::vector<std::string>{"evt_8", "evt_6", "evt_4"}));
  EXPECT_TRUE(p1.has_more);
  q.starting_after = "evt_4";
  Page p2 = list("acct_a", q);
  EXPECT_EQ(page_ids(p2), (std::vector<std::string>{"evt_2", "evt_0"}));
  EXPECT_FALSE(p2.has_more);
}

TEST_F(ListFeaturesTest, KeepHasMoreOnlyWhenAKeptObjectFollows) {
  // Rejected objects after a full page do not make has_more true.
  ListQuery q = query({}, 2);
  q.keep = [](const json::object& o) { return o.at("n").as_int64() >= 8; };
  Page p = list("acct_a", q);
  EXPECT_EQ(page_ids(p), (std::vector<std::string>{"evt_9", "evt_8"}));
  EXPECT_FALSE(p.has_more);
}

TEST_F(ListFeaturesTest, KeepWithLookupAndEndingBefore) {
  ListQuery q = query({"a", "b"}, 2);
  q.keep = [](const json::object& o) { return o.at("n").as_int64() != 4; };
  q.ending_before = "evt_1";
  // Upwards from evt_1 over a/b: 3, (4 rejected), 6, 7...; the page is the first two.
  Page p = list("acct_a", q);
  EXPECT_EQ(page_ids(p), (std::vector<std::string>{"evt_6", "evt_3"}));
  EXPECT_TRUE(p.has_more);
}

TEST_F(ListFeaturesTest, KeepThatRejectsEverythingGivesAnEmptyPage) {
  ListQuery q = query({});
  q.keep = [](const json::object&) { return false; };
  Page p = list("acct_a", q);
  EXPECT_TRUE(p.data.empty());
  EXPECT_FALSE(p.has_more);
}

}  // namespace
}  // namespace intentd::store
