#include "webhooks/deliverer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>

#include "base/clock.h"
#include "events/event_log.h"
#include "testutil/destinations.h"
#include "testutil/http_server.h"
#include "testutil/jobs.h"
#include "testutil/store.h"
#include "testutil/wait.h"
#include "webhooks/signature.h"

namespace intentd::webhooks {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using testutil::event_destination;
using testutil::ScriptedHttpServer;
using testutil::ScriptedResponse;
using testutil::webhook_endpoint;

constexpr int64_t kStart = 1'700'000'000;  // seconds
constexpr const char* kAccount = "acct_a";
constexpr const char* kSecret = "whsec_deliverer_test";

// ---- parse_retry_schedule / default_retry_schedule_ms ----

TEST(ParseRetrySchedule, ReadsEveryUnit) {
  std::vector<int64_t> s;
  ASSERT_TRUE(parse_retry_schedule("100ms,2s,5m,1h", s));
  EXPECT_EQ(s, (std::vector<int64_t>{100, 2'000, 300'000, 3'600'000}));
  ASSERT_TRUE(parse_retry_schedule("0s", s));
  EXPECT_EQ(s, std::vector<int64_t>{0});
}

TEST(ParseRetrySchedule, RejectsMalformedLists) {
  for (std::string_view bad : {"", "5", "1d", "-1s", "1s,", ",1s", "1s,,2s", "s", "1 s", " 1s",
                               "1s ", "1.5s", "1S", "1sec", "ms", "1h,x"}) {
    std::vector<int64_t> s{42};
    EXPECT_FALSE(parse_retry_schedule(bad, s)) << "'" << bad << "'";
  }
}

TEST(ParseRetrySchedule, ReplacesWhatWasThere) {
  std::vector<int64_t> s{1, 2, 3};
  ASSERT_TRUE(parse_retry_schedule("1s", s));
  EXPECT_EQ(s, std::vector<int64_t>{1000});
}

TEST(DefaultRetrySchedule, SpansAboutThreeDays) {
  auto s = default_retry_schedule_ms();
  ASSERT_FALSE(s.empty());
  int64_t total = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_GT(s[i], 0);
    if (i > 0) EXPECT_GE(s[i], s[i - 1]);  // never retries sooner than the last time
    total += s[i];
  }
  EXPECT_EQ(s.front(), 60'000);
  EXPECT_GE(total, 2 * 24 * 3'600'000);
  EXPECT_LE(total, 4 * 24 * 3'600'000);
}

// ---- Deliverer::run ----

class DelivererTest : public testutil::StoreTest {
 protected:
  DelivererTest() : sender_(sender_options()), deliverer_(store(), clock_, sender_, schedule_) {}

  static HttpSender::Options sender_options() {
    HttpSender::Options o;
    o.connect_timeout_ms = 2000;
    o.total_timeout_ms = 5000;
    return o;
  }

  void add_endpoint(std::string id = "we_1", bool enabled = true,
                    std::vector<std::string> events = {"*"}) {
    insert(kAccount,
           webhook_endpoint(std::move(id), server_.url(), kSecret, std::move(events), enabled));
  }

  // Emits a customer.created event; returns its id.
  std::string emit_event() {
    std::string id;
    write([&](store::Txn& txn) {
      id = events::emit(txn,
                        events::Origin::background(kAccount, clock_.now_ms(), Settings::defaults()),
                        "customer.created", json::object{{"id", "cus_1"}, {"object", "customer"}});
    });
    return id;
  }

  // Claims every due job, as the runner would.
  std::vector<store::Job> claim() {
    std::vector<store::Job> jobs;
    write([&](store::Txn& txn) {
      jobs = txn.claim_jobs(clock_.now_ms(), clock_.now_ms() + 600'000, 100);
    });
    return jobs;
  }

  store::Job only_job() {
    auto jobs = claim();
    EXPECT_EQ(jobs.size(), 1u);
    return jobs.empty() ? store::Job{} : jobs[0];
  }

  // Runs the deliverer on `job` and waits for its outcome.
  jobs::Outcome deliver(const store::Job& job) {
    auto decided = std::make_shared<std::promise<jobs::Outcome>>();
    auto got = decided->get_future();
    deliverer_.run(job, [decided](jobs::Outcome o) { decided->set_value(std::move(o)); });
    EXPECT_EQ(got.wait_for(20s), std::future_status::ready);
    return got.get();
  }

  // Writes the outcome as Runner::complete does: effects, then finish or reschedule.
  void apply(const store::Job& job, const jobs::Outcome& o) {
    write([&](store::Txn& txn) {
      if (o.effects) o.effects(txn);
      if (o.kind == jobs::Outcome::Kind::kDone)
        txn.finish_job(job.id);
      else
        txn.reschedule_job(job.id, o.due_ms, job.attempts + 1);
    });
  }

  std::vector<store::DeliveryAttempt> attempts(const std::string& event_id) {
    std::vector<store::DeliveryAttempt> out;
    store().read([&](store::ReadTxn& txn) { out = txn.delivery_attempts(kAccount, event_id); });
    return out;
  }

  int64_t pending(const std::string& event_id) {
    return get(kAccount, events::kEvent, event_id)->at("pending_webhooks").as_int64();
  }

  ScriptedHttpServer server_;
  ManualClock clock_{kStart};
  std::vector<int64_t> schedule_{1'000, 5'000};
  HttpSender sender_;
  Deliverer deliverer_;
};

TEST_F(DelivererTest, A2xxIsDoneRecordedAndSettled) {
  add_endpoint();
  server_.script({{200, "thanks"}});
  const std::string evt = emit_event();
  ASSERT_EQ(pending(evt), 1);
  store::Job job = only_job();
  jobs::Outcome o = deliver(job);
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kDone);
  apply(job, o);

  auto a = attempts(evt);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].account, kAccount);
  EXPECT_EQ(a[0].event_id, evt);
  EXPECT_EQ(a[0].destination, "we_1");
  EXPECT_EQ(a[0].attempt, 1);
  EXPECT_EQ(a[0].at_ms, clock_.now_ms());
  EXPECT_EQ(a[0].status_code, 200);
  EXPECT_EQ(a[0].error, "");
  EXPECT_GE(a[0].latency_ms, 0);
  EXPECT_EQ(a[0].response_head, "thanks");
  EXPECT_EQ(pending(evt), 0);
  EXPECT_TRUE(testutil::job_rows(dir_.file("intentd.db")).empty());
}

TEST_F(DelivererTest, TheRequestIsTheSignedEvent) {
  add_endpoint();
  const std::string evt = emit_event();
  const json::object stored = *get(kAccount, events::kEvent, evt);
  deliver(only_job());
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  const auto& r = reqs[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/hook");
  EXPECT_EQ(json::parse(r.body), stored);
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  const std::string sig = r.header("stripe-signature");
  EXPECT_EQ(sig, signature_header(kSecret, kStart, r.body));
  EXPECT_TRUE(verify_signature(sig, r.body, kSecret, kStart));
  EXPECT_FALSE(verify_signature(sig, r.body, "whsec_wrong", kStart));
}

TEST_F(DelivererTest, AFailureIsRetriedOnTheSchedule) {
  add_endpoint();
  server_.set_fallback({500, "down"});
  const std::string evt = emit_event();
  store::Job job = only_job();

  jobs::Outcome o = deliver(job);
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kRetryAt);
  EXPECT_EQ(o.due_ms, clock_.now_ms() + schedule_[0]);
  apply(job, o);
  auto a = attempts(evt);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].status_code, 500);
  EXPECT_EQ(a[0].response_head, "down");
  EXPECT_EQ(a[0].attempt, 1);
  EXPECT_EQ(pending(evt), 1);  // still waiting for this endpoint

  // Second try, a second later: the next delay comes from the next entry.
  clock_.advance_ms(schedule_[0]);
  job = only_job();
  EXPECT_EQ(job.attempts, 1);
  o = deliver(job);
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kRetryAt);
  EXPECT_EQ(o.due_ms, clock_.now_ms() + schedule_[1]);
  apply(job, o);
  EXPECT_EQ(attempts(evt).size(), 2u);
  EXPECT_EQ(attempts(evt)[1].attempt, 2);
}

TEST_F(DelivererTest, OutOfRetriesIsDoneAndTheEventStaysPending) {
  add_endpoint();
  server_.set_fallback({503, ""});
  const std::string evt = emit_event();
  store::Job job = only_job();
  job.attempts = static_cast<int>(schedule_.size());  // this is the last try
  jobs::Outcome o = deliver(job);
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kDone);
  apply(job, o);
  auto a = attempts(evt);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].attempt, 3);
  EXPECT_EQ(a[0].status_code, 503);
  EXPECT_EQ(pending(evt), 1);
  EXPECT_TRUE(testutil::job_rows(dir_.file("intentd.db")).empty());
}

TEST_F(DelivererTest, ARedirectIsAFailure) {
  add_endpoint();
  server_.script({{301, "", 0ms, {"Location: http://127.0.0.1:1/"}}});
  const std::string evt = emit_event();
  jobs::Outcome o = deliver(only_job());
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kRetryAt);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(DelivererTest, ARefusedConnectionIsRecordedWithoutStatus) {
  insert(kAccount,
         webhook_endpoint(
             "we_1", "http://127.0.0.1:" + std::to_string(testutil::unused_local_port()) + "/hook",
             kSecret, {"*"}));
  const std::string evt = emit_event();
  store::Job job = only_job();
  jobs::Outcome o = deliver(job);
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kRetryAt);
  EXPECT_EQ(o.due_ms, clock_.now_ms() + schedule_[0]);
  apply(job, o);
  auto a = attempts(evt);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].status_code, 0);
  EXPECT_FALSE(a[0].error.empty());
  EXPECT_EQ(a[0].response_head, "");
  EXPECT_EQ(pending(evt), 1);
}

TEST_F(DelivererTest, ADisabledDestinationGetsNothingAndStopsTheWait) {
  add_endpoint();
  const std::string evt = emit_event();
  ASSERT_EQ(pending(evt), 1);
  // Disabled after the event was queued.
  write([&](store::Txn& txn) {
    txn.update(kAccount, webhook_endpoint("we_1", server_.url(), kSecret, {"*"}, false));
  });
  store::Job job = only_job();
  bool finished_inline = false;
  std::optional<jobs::Outcome> outcome;
  deliverer_.run(job, [&](jobs::Outcome o) {
    finished_inline = true;
    outcome = std::move(o);
  });
  ASSERT_TRUE(finished_inline);  // decided without sending anything
  EXPECT_EQ(outcome->kind, jobs::Outcome::Kind::kDone);
  apply(job, *outcome);
  EXPECT_EQ(pending(evt), 0);
  EXPECT_TRUE(attempts(evt).empty());
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(DelivererTest, ADeletedDestinationGetsNothingAndStopsTheWait) {
  add_endpoint();
  const std::string evt = emit_event();
  write([](store::Txn& txn) { txn.erase(kAccount, events::kWebhookEndpointType, "we_1"); });
  store::Job job = only_job();
  std::optional<jobs::Outcome> outcome;
  deliverer_.run(job, [&](jobs::Outcome o) { outcome = std::move(o); });
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->kind, jobs::Outcome::Kind::kDone);
  apply(job, *outcome);
  EXPECT_EQ(pending(evt), 0);
  EXPECT_TRUE(attempts(evt).empty());
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(DelivererTest, APrunedEventIsDoneWithoutARequest) {
  add_endpoint();
  const std::string evt = emit_event();
  write([&](store::Txn& txn) { txn.erase(kAccount, events::kEvent, evt); });
  store::Job job = only_job();
  std::optional<jobs::Outcome> outcome;
  deliverer_.run(job, [&](jobs::Outcome o) { outcome = std::move(o); });
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->kind, jobs::Outcome::Kind::kDone);
  apply(job, *outcome);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(DelivererTest, EventDestinationsUseTheirSigningSecret) {
  insert(kAccount, event_destination("ed_1", server_.url("/ed"), "whsec_ed", "snapshot", {"*"}));
  const std::string evt = emit_event();
  store::Job job = only_job();
  jobs::Outcome o = deliver(job);
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kDone);
  apply(job, o);
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].target, "/ed");
  EXPECT_TRUE(
      verify_signature(reqs[0].header("stripe-signature"), reqs[0].body, "whsec_ed", kStart));
  EXPECT_EQ(pending(evt), 0);
  EXPECT_EQ(attempts(evt).at(0).destination, "ed_1");
}

TEST_F(DelivererTest, ThinDestinationsGetTheThinEvent) {
  insert(kAccount, event_destination("ed_thin", server_.url("/thin"), "whsec_thin", "thin",
                                     {"v2.core.event_destination.ping"}));
  json::object thin;
  write([&](store::Txn& txn) {
    thin = events::emit_thin(
        txn, events::Origin::background(kAccount, clock_.now_ms(), Settings::defaults()),
        "v2.core.event_destination.ping",
        events::RelatedObject{"ed_thin", "v2.core.event_destination", "/x"});
  });
  const std::string evt(thin.at("id").as_string());
  store::Job job = only_job();
  jobs::Outcome o = deliver(job);
  EXPECT_EQ(o.kind, jobs::Outcome::Kind::kDone);
  apply(job, o);
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(json::parse(reqs[0].body), thin);
  EXPECT_TRUE(
      verify_signature(reqs[0].header("stripe-signature"), reqs[0].body, "whsec_thin", kStart));
  auto a = attempts(evt);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].status_code, 200);
}

TEST_F(DelivererTest, EndToEndThroughTheRunner) {
  add_endpoint("we_1");
  add_endpoint("we_2");
  server_.script({{500, "first try fails"}});  // one of the two fails once
  jobs::Runner::Options ro;
  ro.idle_poll = 20ms;
  jobs::Runner runner(store(), clock_, ro);
  runner.add_handler(std::string(events::kDeliverJob), &deliverer_);
  runner.start();
  const std::string evt = emit_event();
  ASSERT_TRUE(server_.wait_for_requests(2));
  ASSERT_TRUE(testutil::eventually([&] { return runner.completed() == 2; }));
  EXPECT_EQ(pending(evt), 1);
  EXPECT_EQ(testutil::job_rows(dir_.file("intentd.db")).size(), 1u);

  clock_.advance_ms(schedule_[0]);
  runner.notify();
  ASSERT_TRUE(server_.wait_for_requests(3));
  ASSERT_TRUE(testutil::eventually([&] { return runner.completed() == 3; }));
  // The writer calls commit callbacks in order: after this write the runner has heard all.
  store().write_sync([](store::Txn&) {});
  runner.stop();
  EXPECT_EQ(pending(evt), 0);
  EXPECT_TRUE(testutil::job_rows(dir_.file("intentd.db")).empty());
  auto a = attempts(evt);
  ASSERT_EQ(a.size(), 3u);
  int ok = 0;
  for (const auto& x : a) ok += x.status_code == 200;
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(a.back().attempt, 2);
}

}  // namespace
}  // namespace intentd::webhooks
