#include "jobs/runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <stdexcept>

#include "base/clock.h"
#include "testutil/jobs.h"
#include "testutil/store.h"
#include "testutil/wait.h"

namespace intentd::jobs {
namespace {
using namespace std::chrono_literals;
using testutil::eventually;
using testutil::record;
using testutil::stays;

constexpr int64_t kStart = 1'700'000'000;  // seconds
constexpr int64_t kStartMs = kStart * 1000;

// A handler the test scripts: it records each job, then finishes it with `decide`, throws,
// or holds on to `finish` for the test to call.
class FakeHandler final : public Handler {
 public:
  enum class Mode { kFinish, kThrow, kHold };

  void run(const store::Job& job, Finish finish) override {
    Mode mode;
    std::function<Outcome(const store::Job&)> decide;
    {
      std::lock_guard lock(mu_);
      runs_.push_back(job);
      mode = mode_;
      decide = decide_;
      if (mode == Mode::kHold) held_.push_back(std::move(finish));
    }
    cv_.notify_all();
    if (mode == Mode::kThrow) throw std::runtime_error("handler failed");
    if (mode == Mode::kFinish) finish(decide(job));
  }

  void set_mode(Mode m) {
    std::lock_guard lock(mu_);
    mode_ = m;
  }
  void set_decide(std::function<Outcome(const store::Job&)> d) {
    std::lock_guard lock(mu_);
    decide_ = std::move(d);
  }
  std::vector<store::Job> runs() const {
    std::lock_guard lock(mu_);
    return runs_;
  }
  std::size_t run_count() const {
    std::lock_guard lock(mu_);
    return runs_.size();
  }
  bool wait_runs(std::size_t n, std::chrono::milliseconds timeout = 10s) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return runs_.size() >= n; });
  }
  // The oldest held finish, taken out (empty when none is held).
  Finish take_held() {
    std::lock_guard lock(mu_);
    if (held_.empty()) return {};
    Finish f = std::move(held_.front());
    held_.pop_front();
    return f;
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  Mode mode_ = Mode::kFinish;
  std::function<Outcome(const store::Job&)> decide_ = [](const store::Job&) {
    return Outcome::done();
  };
  std::vector<store::Job> runs_;
  std::deque<Finish> held_;
};

// A Store that counts read transactions, to see how often the runner looks for work.
class CountingStore final : public store::Store {
 public:
  explicit CountingStore(store::Store& inner) : inner_(inner) {}
  void read(const ReadFn& fn) override {
    reads_.fetch_add(1);
    inner_.read(fn);
  }
  void write(WriteFn fn, DoneFn done) override { inner_.write(std::move(fn), std::move(done)); }
  void stop() override { inner_.stop(); }
  void on_jobs_enqueued(std::function<void()> l) override { inner_.on_jobs_enqueued(std::move(l)); }
  int reads() const { return reads_.load(); }

 private:
  store::Store& inner_;
  std::atomic<int> reads_{0};
};

class RunnerTest : public testutil::StoreTest {
 protected:
  ~RunnerTest() override {
    if (runner_) quiesce(*runner_);
  }

  // Stops `r`, lets every job its handler holds report, and waits until the runner has heard
  // them all, so the runner can go without a completion still on its way to it.
  void quiesce(Runner& r) {
    r.stop(0ms);  // no new jobs
    while (auto f = handler_.take_held()) f(Outcome::done());
    EXPECT_TRUE(eventually([&] { return r.completed() == handler_.run_count(); }));
    // The writer calls commit callbacks in order: once this write is done, so are they.
    store().write_sync([](store::Txn&) {});
  }

  // Starts the runner on the store, or on `counting_` (the same store, with reads counted).
  Runner& start(Runner::Options options = fast(), bool counted = false) {
    runner_ = std::make_unique<Runner>(counted ? static_cast<store::Store&>(counting_) : store(),
                                       clock_, options);
    runner_->add_handler("test", &handler_);
    runner_->start();
    return *runner_;
  }

  static Runner::Options fast() {
    Runner::Options o;
    o.idle_poll = 20ms;
    o.lease_ms = 60'000;
    return o;
  }

  int64_t enqueue(int64_t due_ms, std::string kind = "test", int attempts = 0) {
    store::Job j;
    j.account = "acct_a";
    j.kind = std::move(kind);
    j.payload = "{}";
    j.due_ms = due_ms;
    j.attempts = attempts;
    int64_t id = 0;
    write([&](store::Txn& txn) { id = txn.enqueue_job(j); });
    return id;
  }

  std::optional<testutil::JobRow> job(int64_t id) {
    return testutil::job_row(dir_.file("intentd.db"), id);
  }
  std::size_t job_count() { return testutil::job_rows(dir_.file("intentd.db")).size(); }

  // Moves the clock and tells the runner, as a real clock's passing would at its next poll.
  void advance_ms(int64_t ms) {
    clock_.advance_ms(ms);
    runner_->notify();
  }

  ManualClock clock_{kStart};
  FakeHandler handler_;
  CountingStore counting_{store()};
  std::unique_ptr<Runner> runner_;
};

TEST_F(RunnerTest, RunsADueJobAndFinishesIt) {
  const int64_t id = enqueue(kStartMs);
  Runner& r = start();
  ASSERT_TRUE(handler_.wait_runs(1));
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
  EXPECT_EQ(handler_.runs()[0].id, id);
  EXPECT_EQ(handler_.runs()[0].kind, "test");
  EXPECT_EQ(handler_.runs()[0].account, "acct_a");
  EXPECT_FALSE(job(id).has_value());
}

TEST_F(RunnerTest, JobsEnqueuedWhileRunningAreRun) {
  Runner& r = start();
  enqueue(kStartMs);
  enqueue(kStartMs - 1000);
  ASSERT_TRUE(handler_.wait_runs(2));
  ASSERT_TRUE(eventually([&] { return r.completed() == 2; }));
  EXPECT_EQ(job_count(), 0u);
}

TEST_F(RunnerTest, DoesNotRunAJobBeforeItIsDue) {
  const int64_t now_id = enqueue(kStartMs);
  const int64_t later_id = enqueue(kStartMs + 60'000);
  Runner& r = start();
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
  // Several idle polls pass; the future job stays put.
  EXPECT_TRUE(stays([&] { return handler_.run_count() == 1; }));
  EXPECT_EQ(handler_.runs()[0].id, now_id);
  ASSERT_TRUE(job(later_id).has_value());
  EXPECT_EQ(job(later_id)->claimed_until_ms, 0);

  advance_ms(59'999);
  EXPECT_TRUE(stays([&] { return handler_.run_count() == 1; }, 100ms));
  advance_ms(1);
  ASSERT_TRUE(handler_.wait_runs(2));
  EXPECT_EQ(handler_.runs()[1].id, later_id);
  ASSERT_TRUE(eventually([&] { return r.completed() == 2; }));
  EXPECT_FALSE(job(later_id).has_value());
}

TEST_F(RunnerTest, DoneEffectsCommitWithTheFinish) {
  handler_.set_decide([](const store::Job& j) {
    return Outcome::done([id = j.id](store::Txn& txn) {
      txn.insert("acct_a", record("widget", "wid_" + std::to_string(id), kStart));
    });
  });
  const int64_t id = enqueue(kStartMs);
  Runner& r = start();
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
  EXPECT_TRUE(get("acct_a", "widget", "wid_" + std::to_string(id)).has_value());
  EXPECT_FALSE(job(id).has_value());
}

TEST_F(RunnerTest, RetryAtReschedulesWithOneMoreAttemptAndItsEffects) {
  std::atomic<int> n{0};
  handler_.set_decide([&](const store::Job& j) {
    if (j.attempts >= 1) return Outcome::done();
    const int i = n.fetch_add(1);
    return Outcome::retry_at(kStartMs + 5000, [i](store::Txn& txn) {
      txn.insert("acct_a", record("widget", "wid_" + std::to_string(i), kStart));
    });
  });
  const int64_t id = enqueue(kStartMs);
  Runner& r = start();
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
  auto row = job(id);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->due_ms, kStartMs + 5000);
  EXPECT_EQ(row->attempts, 1);
  EXPECT_EQ(row->claimed_until_ms, 0);
  EXPECT_TRUE(get("acct_a", "widget", "wid_0").has_value());

  advance_ms(5000);
  ASSERT_TRUE(handler_.wait_runs(2));
  EXPECT_EQ(handler_.runs()[1].id, id);
  EXPECT_EQ(handler_.runs()[1].attempts, 1);
  ASSERT_TRUE(eventually([&] { return r.completed() == 2; }));
  EXPECT_FALSE(job(id).has_value());
}

TEST_F(RunnerTest, EffectsThatFailLeaveTheJobUnderItsClaim) {
  handler_.set_decide([](const store::Job&) {
    return Outcome::done([](store::Txn& txn) {
      txn.insert("acct_a", record("widget", "wid_1", kStart));
      throw std::runtime_error("effects failed");
    });
  });
  Runner::Options o = fast();
  o.lease_ms = 30'000;
  const int64_t id = enqueue(kStartMs);
  Runner& r = start(o);
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
  // Neither the effects nor the finish were written; the job waits for its lease to end.
  EXPECT_FALSE(get("acct_a", "widget", "wid_1").has_value());
  auto row = job(id);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->claimed_until_ms, kStartMs + 30'000);

  handler_.set_decide([](const store::Job&) { return Outcome::done(); });
  advance_ms(30'000);
  ASSERT_TRUE(handler_.wait_runs(2));
  ASSERT_TRUE(eventually([&] { return !job(id).has_value(); }));
}

TEST_F(RunnerTest, AHandlerThatThrowsIsRetriedWithBackoff) {
  handler_.set_mode(FakeHandler::Mode::kThrow);
  const int64_t first = enqueue(kStartMs);
  const int64_t third = enqueue(kStartMs, "test", 2);
  Runner& r = start();
  ASSERT_TRUE(eventually([&] { return r.completed() == 2; }));
  auto a = job(first), b = job(third);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->attempts, 1);
  EXPECT_EQ(a->due_ms, kStartMs + 2'000);  // 2 s after the first failure
  EXPECT_EQ(b->attempts, 3);
  EXPECT_EQ(b->due_ms, kStartMs + 8'000);  // doubling: 2, 4, 8 s
  EXPECT_EQ(a->claimed_until_ms, 0);

  // Once it stops throwing, the retry succeeds.
  handler_.set_mode(FakeHandler::Mode::kFinish);
  advance_ms(2'000);
  ASSERT_TRUE(eventually([&] { return !job(first).has_value(); }));
  EXPECT_TRUE(job(third).has_value());
}

TEST_F(RunnerTest, FailureBackoffIsCappedAtAnHour) {
  // "2 s, 4 s, 8 s, ... capped at an hour" (runner.cc): after enough failures the wait is an
  // hour, not the 2048 s where the doubling stops.
  handler_.set_mode(FakeHandler::Mode::kThrow);
  const int64_t id = enqueue(kStartMs, "test", 20);
  Runner& r = start();
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
  auto row = job(id);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->attempts, 21);
  EXPECT_EQ(row->due_ms, kStartMs + 3'600'000);
}

TEST_F(RunnerTest, AnUnknownKindIsKeptForAnHour) {
  const int64_t id = enqueue(kStartMs, "from.the.future");
  const int64_t known = enqueue(kStartMs);
  Runner& r = start();
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
  ASSERT_TRUE(eventually([&] {
    auto row = job(id);
    return row && row->attempts == 1;
  }));
  auto row = job(id);
  EXPECT_EQ(row->due_ms, kStartMs + 3'600'000);
  EXPECT_EQ(row->claimed_until_ms, 0);
  EXPECT_EQ(row->kind, "from.the.future");
  EXPECT_FALSE(job(known).has_value());
  ASSERT_EQ(handler_.run_count(), 1u);
  EXPECT_EQ(handler_.runs()[0].id, known);
}

TEST_F(RunnerTest, AClaimedJobIsNotRunAgainUntilItsLeaseEnds) {
  handler_.set_mode(FakeHandler::Mode::kHold);  // never reports: a hung or crashed worker
  Runner::Options o = fast();
  o.lease_ms = 30'000;
  const int64_t id = enqueue(kStartMs);
  start(o);
  ASSERT_TRUE(handler_.wait_runs(1));
  EXPECT_EQ(job(id)->claimed_until_ms, kStartMs + 30'000);

  advance_ms(29'999);
  EXPECT_TRUE(stays([&] { return handler_.run_count() == 1; }));
  advance_ms(1);
  ASSERT_TRUE(handler_.wait_runs(2));
  EXPECT_EQ(handler_.runs()[1].id, id);
  EXPECT_EQ(job(id)->claimed_until_ms, kStartMs + 60'000);
}

TEST_F(RunnerTest, StartReleasesClaimsLeftByAnEarlierProcess) {
  const int64_t id = enqueue(kStartMs);
  std::vector<store::Job> claimed;
  write([&](store::Txn& txn) { claimed = txn.claim_jobs(kStartMs, kStartMs + 3'600'000, 10); });
  ASSERT_EQ(claimed.size(), 1u);
  Runner& r = start();
  ASSERT_TRUE(handler_.wait_runs(1));
  EXPECT_EQ(handler_.runs()[0].id, id);
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }));
}

TEST_F(RunnerTest, AnEnqueueWakesAnIdleRunner) {
  Runner::Options o = fast();
  o.idle_poll = 1h;
  Runner& r = start(o);
  enqueue(kStartMs);
  ASSERT_TRUE(handler_.wait_runs(1, 5s));
  ASSERT_TRUE(eventually([&] { return r.completed() == 1; }, 5s));
}

TEST_F(RunnerTest, NotifyWakesItPromptly) {
  Runner::Options o = fast();
  o.idle_poll = 1h;
  start(o);
  // Due in an hour of clock time: the runner goes to sleep until then.
  enqueue(kStartMs + 3'600'000);
  EXPECT_TRUE(stays([&] { return handler_.run_count() == 0; }, 100ms));
  clock_.advance(3600);
  const auto woken = std::chrono::steady_clock::now();
  runner_->notify();
  ASSERT_TRUE(handler_.wait_runs(1, 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - woken, 5s);
}

TEST_F(RunnerTest, StopWaitsForJobsInFlight) {
  handler_.set_mode(FakeHandler::Mode::kHold);
  const int64_t id = enqueue(kStartMs);
  Runner& r = start();
  ASSERT_TRUE(handler_.wait_runs(1));
  Handler::Finish finish = handler_.take_held();
  ASSERT_TRUE(finish);
  // The job reports a little after stop() has begun waiting.
  std::thread late([&] {
    std::this_thread::sleep_for(200ms);
    finish(Outcome::done());
  });
  r.stop(10s);
  EXPECT_EQ(r.completed(), 1u);
  EXPECT_FALSE(job(id).has_value());
  late.join();
}

TEST_F(RunnerTest, StopGivesUpAfterTheGraceAndTheJobKeepsItsClaim) {
  handler_.set_mode(FakeHandler::Mode::kHold);
  const int64_t id = enqueue(kStartMs);
  Runner& r = start();
  ASSERT_TRUE(handler_.wait_runs(1));
  const auto t0 = std::chrono::steady_clock::now();
  r.stop(100ms);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_EQ(r.completed(), 0u);
  auto row = job(id);
  ASSERT_TRUE(row.has_value());
  EXPECT_GT(row->claimed_until_ms, 0);
  r.stop();  // a second stop returns at once
}

TEST_F(RunnerTest, NoNewJobsAfterStop) {
  Runner& r = start();
  r.stop();
  enqueue(kStartMs);
  EXPECT_TRUE(stays([&] { return handler_.run_count() == 0; }, 100ms));
}

TEST_F(RunnerTest, AtMostMaxInFlightRunAtOnce) {
  handler_.set_mode(FakeHandler::Mode::kHold);
  Runner::Options o = fast();
  o.max_in_flight = 2;
  for (int i = 0; i < 5; ++i) enqueue(kStartMs);
  Runner& r = start(o);
  ASSERT_TRUE(handler_.wait_runs(2));
  EXPECT_TRUE(stays([&] { return handler_.run_count() == 2; }));
  // One finishing makes room for one more, at once.
  handler_.take_held()(Outcome::done());
  ASSERT_TRUE(handler_.wait_runs(3, 5s));
  EXPECT_TRUE(stays([&] { return handler_.run_count() == 3; }, 100ms));
  handler_.set_mode(FakeHandler::Mode::kFinish);
  while (auto f = handler_.take_held()) f(Outcome::done());
  ASSERT_TRUE(eventually([&] { return r.completed() == 5; }));
  EXPECT_EQ(job_count(), 0u);
}

TEST_F(RunnerTest, ClaimsInBatchesUntilNothingIsDue) {
  Runner::Options o = fast();
  o.claim_batch = 3;
  o.idle_poll = 1h;  // a full batch must not wait for a poll to claim the rest
  for (int i = 0; i < 10; ++i) enqueue(kStartMs);
  Runner& r = start(o);
  ASSERT_TRUE(eventually([&] { return r.completed() == 10; }, 5s));
  EXPECT_EQ(job_count(), 0u);
}

TEST_F(RunnerTest, ASaturatedRunnerWaitsInsteadOfSpinning) {
  // With max_in_flight jobs running and more due, the runner has nothing to do until one
  // finishes; it must sleep, not look for work in a loop.
  handler_.set_mode(FakeHandler::Mode::kHold);
  Runner::Options o = fast();
  o.max_in_flight = 1;
  o.idle_poll = 1h;
  enqueue(kStartMs);
  enqueue(kStartMs);
  Runner& r = start(o, /*counted=*/true);
  ASSERT_TRUE(handler_.wait_runs(1));
  const int before = counting_.reads();
  std::this_thread::sleep_for(200ms);
  EXPECT_LT(counting_.reads() - before, 20) << "reads in 200 ms while saturated";
  handler_.set_mode(FakeHandler::Mode::kFinish);
  handler_.take_held()(Outcome::done());
  ASSERT_TRUE(eventually([&] { return r.completed() == 2; }, 5s));
}

}  // namespace
}  // namespace intentd::jobs
