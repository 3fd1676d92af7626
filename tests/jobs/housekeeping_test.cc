#include "jobs/housekeeping.h"

#include <gtest/gtest.h>

#include <future>

#include "api/idempotency.h"
#include "base/clock.h"
#include "events/event_log.h"
#include "testutil/jobs.h"
#include "testutil/store.h"
#include "testutil/wait.h"

namespace intentd::jobs {
namespace {
using namespace std::chrono_literals;
using testutil::record;

constexpr int64_t kNow = 1'700'000'000;  // seconds
constexpr int64_t kDay = 24 * 60 * 60;

class HousekeepingTest : public testutil::StoreTest {
 protected:
  // Runs the job once and returns what it decided.
  Outcome run_once() {
    Housekeeping hk(store(), clock_);
    std::promise<Outcome> decided;
    auto got = decided.get_future();
    store::Job job;
    job.kind = std::string(kHousekeepingJob);
    job.payload = "{}";
    hk.run(job, [&](Outcome o) { decided.set_value(std::move(o)); });
    EXPECT_EQ(got.wait_for(10s), std::future_status::ready);
    return got.get();
  }

  void add_key(std::string account) {
    write([&](store::Txn& txn) {
      txn.insert_api_key(store::ApiKey{account, "sk_test_" + account, store::KeyKind::kSecret, 0});
    });
  }

  void add_event(std::string_view account, std::string_view type, std::string id, int64_t created) {
    insert(account,
           record(std::string(type), std::move(id), created, {}, {{"type", "customer.created"}}));
  }

  void add_idempotency(std::string account, std::string key, int64_t created) {
    write([&](store::Txn& txn) {
      store::IdempotencyRecord r;
      r.key = key;
      r.method = "POST";
      r.path = "/v1/customers";
      r.params_hash = "h";
      r.status = 200;
      r.body = "{}";
      r.created = created;
      txn.save_idempotency(account, r);
    });
  }

  bool has_idempotency(std::string account, std::string key) {
    bool found = false;
    store().read([&](store::ReadTxn& txn) { found = txn.idempotency(account, key).has_value(); });
    return found;
  }

  ManualClock clock_{kNow};
};

TEST_F(HousekeepingTest, ScheduleEnqueuesTheJobOnce) {
  Housekeeping::schedule(store(), clock_);
  Housekeeping::schedule(store(), clock_);
  int n = 0;
  store().read([&](store::ReadTxn& txn) { n = txn.count_jobs("", kHousekeepingJob); });
  EXPECT_EQ(n, 1);
  auto rows = testutil::job_rows(dir_.file("intentd.db"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, kHousekeepingJob);
  EXPECT_EQ(rows[0].account, "");
  EXPECT_EQ(rows[0].due_ms, kNow * 1000);
}

TEST_F(HousekeepingTest, PrunesIdempotencyRecordsPastADay) {
  add_idempotency("acct_a", "old", kNow - api::kIdempotencyTtlSeconds - 1);
  add_idempotency("acct_a", "edge", kNow - api::kIdempotencyTtlSeconds);
  add_idempotency("acct_a", "new", kNow - 60);
  run_once();
  EXPECT_FALSE(has_idempotency("acct_a", "old"));
  EXPECT_TRUE(has_idempotency("acct_a", "edge"));
  EXPECT_TRUE(has_idempotency("acct_a", "new"));
}

TEST_F(HousekeepingTest, PrunesEventsPastThirtyDays) {
  add_key("acct_a");
  add_key("acct_b");
  add_event("acct_a", events::kEvent, "evt_old", kNow - 31 * kDay);
  add_event("acct_a", events::kEvent, "evt_edge", kNow - kEventRetentionSeconds);
  add_event("acct_a", events::kEvent, "evt_new", kNow - 29 * kDay);
  add_event("acct_a", events::kThinEvent, "evt_thin_old", kNow - 31 * kDay);
  add_event("acct_a", events::kThinEvent, "evt_thin_new", kNow - kDay);
  add_event("acct_b", events::kEvent, "evt_b_old", kNow - 40 * kDay);
  insert("acct_a", record("customer", "cus_old", kNow - 400 * kDay));
  Outcome o = run_once();
  EXPECT_FALSE(get("acct_a", events::kEvent, "evt_old").has_value());
  EXPECT_TRUE(get("acct_a", events::kEvent, "evt_edge").has_value());
  EXPECT_TRUE(get("acct_a", events::kEvent, "evt_new").has_value());
  EXPECT_FALSE(get("acct_a", events::kThinEvent, "evt_thin_old").has_value());
  EXPECT_TRUE(get("acct_a", events::kThinEvent, "evt_thin_new").has_value());
  EXPECT_FALSE(get("acct_b", events::kEvent, "evt_b_old").has_value());
  // Only events age out; other objects are kept for ever.
  EXPECT_TRUE(get("acct_a", "customer", "cus_old").has_value());
  // Nothing more to do: the next run is in ten minutes.
  EXPECT_EQ(o.kind, Outcome::Kind::kRetryAt);
  EXPECT_EQ(o.due_ms, kNow * 1000 + 10 * 60 * 1000);
}

TEST_F(HousekeepingTest, AFullBatchComesBackSoon) {
  add_key("acct_a");
  write([](store::Txn& txn) {
    for (int i = 0; i < 1001; ++i)
      txn.insert("acct_a", record(std::string(events::kEvent), "evt_" + std::to_string(i),
                                  kNow - 31 * kDay + i));
  });
  Outcome o = run_once();
  EXPECT_EQ(o.kind, Outcome::Kind::kRetryAt);
  EXPECT_EQ(o.due_ms, kNow * 1000 + 1000);
  // The oldest thousand went; one is left for the next run.
  EXPECT_FALSE(get("acct_a", events::kEvent, "evt_999").has_value());
  EXPECT_TRUE(get("acct_a", events::kEvent, "evt_1000").has_value());
  o = run_once();
  EXPECT_FALSE(get("acct_a", events::kEvent, "evt_1000").has_value());
  EXPECT_EQ(o.due_ms, kNow * 1000 + 10 * 60 * 1000);
}

TEST_F(HousekeepingTest, RunsUnderTheRunnerAndReschedulesItself) {
  add_key("acct_a");
  add_event("acct_a", events::kEvent, "evt_old", kNow - 31 * kDay);
  Housekeeping hk(store(), clock_);
  Runner::Options o;
  o.idle_poll = 20ms;
  Runner runner(store(), clock_, o);
  runner.add_handler(std::string(kHousekeepingJob), &hk);
  Housekeeping::schedule(store(), clock_);
  runner.start();
  ASSERT_TRUE(testutil::eventually([&] { return runner.completed() == 1; }));
  // The writer calls commit callbacks in order: after this write the runner has heard all.
  store().write_sync([](store::Txn&) {});
  runner.stop();
  EXPECT_FALSE(get("acct_a", events::kEvent, "evt_old").has_value());
  auto rows = testutil::job_rows(dir_.file("intentd.db"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].due_ms, kNow * 1000 + 10 * 60 * 1000);
  EXPECT_EQ(rows[0].attempts, 1);
}

}  // namespace
}  // namespace intentd::jobs
