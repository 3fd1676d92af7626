#include "webhooks/http_sender.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "testutil/http_server.h"
#include "testutil/wait.h"

namespace intentd::webhooks {
namespace {
using namespace std::chrono_literals;
using testutil::ScriptedHttpServer;
using testutil::ScriptedResponse;

// Collects results from the sender's thread; tests wait for them.
class Results {
 public:
  HttpSender::Callback callback(int key = 0) {
    return [this, key](HttpResult r) {
      {
        std::lock_guard lock(mu_);
        results_.emplace(key, std::move(r));
      }
      cv_.notify_all();
    };
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = 20s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return results_.size() >= n; });
  }
  std::multimap<int, HttpResult> all() {
    std::lock_guard lock(mu_);
    return results_;
  }
  HttpResult first() {
    std::lock_guard lock(mu_);
    return results_.begin()->second;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<int, HttpResult> results_;
};

HttpRequest post_to(const std::string& url, std::string body = R"({"id":"evt_1"})",
                    std::vector<std::string> headers = {}) {
  return HttpRequest{url, std::move(body), std::move(headers)};
}

TEST(HttpSender, PostsTheBodyAndHeaders) {
  ScriptedHttpServer server;
  Results results;
  {
    HttpSender sender;
    sender.post(post_to(server.url("/hooks/a?x=1"), R"({"id":"evt_1"})",
                        {"Content-Type: application/json; charset=utf-8", "X-Test: yes"}),
                results.callback());
    ASSERT_TRUE(results.wait_for(1));
  }
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].target, "/hooks/a?x=1");
  EXPECT_EQ(reqs[0].body, R"({"id":"evt_1"})");
  EXPECT_EQ(reqs[0].header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(reqs[0].header("x-test"), "yes");
  EXPECT_EQ(reqs[0].header("content-length"), "14");
  EXPECT_EQ(reqs[0].header("user-agent"), "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
}

TEST(HttpSender, ReportsTheStatusAndTheStartOfTheBody) {
  ScriptedHttpServer server;
  server.script({{201, "created it"}, {500, "it broke"}, {404, ""}});
  Results results;
  HttpSender sender;
  for (int i = 0; i < 3; ++i) {
    sender.post(post_to(server.url()), results.callback(i));
    ASSERT_TRUE(results.wait_for(i + 1));  // one at a time, so the script order holds
  }
  auto all = results.all();
  EXPECT_EQ(all.find(0)->second.status, 201);
  EXPECT_EQ(all.find(0)->second.head, "created it");
  EXPECT_EQ(all.find(0)->second.error, "");
  EXPECT_GE(all.find(0)->second.latency_ms, 0);
  EXPECT_EQ(all.find(1)->second.status, 500);
  EXPECT_EQ(all.find(1)->second.head, "it broke");
  EXPECT_EQ(all.find(2)->second.status, 404);
  EXPECT_EQ(all.find(2)->second.head, "");
}

TEST(HttpSender, KeepsOnlyTheHeadOfALongResponse) {
  ScriptedHttpServer server;
  server.script({{200, std::string(100'000, 'x') + "tail"}});
  HttpSender::Options o;
  o.head_bytes = 16;
  Results results;
  HttpSender sender(o);
  sender.post(post_to(server.url()), results.callback());
  ASSERT_TRUE(results.wait_for(1));
  HttpResult r = results.first();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.head, std::string(16, 'x'));
}

TEST(HttpSender, DoesNotFollowRedirects) {
  ScriptedHttpServer server;
  server.script({{302, "", 0ms, {"Location: /elsewhere"}}});
  Results results;
  HttpSender sender;
  sender.post(post_to(server.url()), results.callback());
  ASSERT_TRUE(results.wait_for(1));
  EXPECT_EQ(results.first().status, 302);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(HttpSender, ARefusedConnectionIsAnErrorWithoutStatus) {
  Results results;
  HttpSender sender;
  sender.post(post_to("http://127.0.0.1:" + std::to_string(testutil::unused_local_port()) + "/"),
              results.callback());
  ASSERT_TRUE(results.wait_for(1));
  HttpResult r = results.first();
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.head, "");
}

TEST(HttpSender, ASlowEndpointTimesOut) {
  ScriptedHttpServer server;
  server.script({{200, "too late", 10s}});
  HttpSender::Options o;
  o.total_timeout_ms = 300;
  Results results;
  HttpSender sender(o);
  const auto t0 = std::chrono::steady_clock::now();
  sender.post(post_to(server.url()), results.callback());
  ASSERT_TRUE(results.wait_for(1));
  const auto took = std::chrono::steady_clock::now() - t0;
  HttpResult r = results.first();
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.error.find("imeout"), std::string::npos) << r.error;
  EXPECT_GE(r.latency_ms, 250);
  EXPECT_LT(took, 5s);
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(HttpSender, ABadUrlIsAnError) {
  Results results;
  HttpSender sender;
  sender.post(post_to("ftp://127.0.0.1/"), results.callback(1));
  sender.post(post_to("not a url"), results.callback(2));
  ASSERT_TRUE(results.wait_for(2));
  for (const auto& [key, r] : results.all()) {
    EXPECT_EQ(r.status, 0) << key;
    EXPECT_FALSE(r.error.empty()) << key;
  }
}

TEST(HttpSender, ManyConcurrentPosts) {
  ScriptedHttpServer server;
  server.set_fallback({204, ""});
  Results results;
  HttpSender sender;  // all of them in flight at once
  constexpr int kPosts = 200;
  for (int i = 0; i < kPosts; ++i)
    sender.post(post_to(server.url("/n/" + std::to_string(i)), "body-" + std::to_string(i)),
                results.callback(i));
  ASSERT_TRUE(results.wait_for(kPosts, 60s));
  auto all = results.all();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kPosts));
  for (int i = 0; i < kPosts; ++i) {
    ASSERT_EQ(all.count(i), 1u) << i;
    EXPECT_EQ(all.find(i)->second.status, 204) << i << ": " << all.find(i)->second.error;
  }
  std::set<std::string> bodies;
  for (const auto& r : server.requests()) {
    EXPECT_EQ(r.target, "/n/" + r.body.substr(5));
    bodies.insert(r.body);
  }
  EXPECT_EQ(bodies.size(), static_cast<std::size_t>(kPosts));
}

TEST(HttpSender, PostsFromManyThreads) {
  ScriptedHttpServer server;
  Results results;
  HttpSender sender;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) sender.post(post_to(server.url()), results.callback(t));
    });
  for (auto& th : threads) th.join();
  ASSERT_TRUE(results.wait_for(100, 60s));
  for (const auto& [key, r] : results.all()) EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(server.request_count(), 100u);
}

TEST(HttpSender, UnansweredPostsFailWhenTheSenderGoes) {
  ScriptedHttpServer server;
  server.set_fallback({200, "", 30s});
  Results results;
  {
    HttpSender sender;
    sender.post(post_to(server.url()), results.callback());
    ASSERT_TRUE(server.wait_for_requests(1));
  }
  ASSERT_TRUE(results.wait_for(1, 0ms));  // reported before the destructor returned
  HttpResult r = results.first();
  EXPECT_EQ(r.status, 0);
  EXPECT_FALSE(r.error.empty());
}

TEST(HttpSender, AQueuedPostStartsWhenASlotFrees) {
  // Posts beyond max_in_flight wait for a slot; when one frees up the next should start
  // then, not at the sender's next idle wake-up (a second later).
  ScriptedHttpServer server;
  HttpSender::Options o;
  o.max_in_flight = 1;
  Results results;
  HttpSender sender(o);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 6; ++i) sender.post(post_to(server.url()), results.callback(i));
  ASSERT_TRUE(results.wait_for(6, 60s));
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(took, 3s) << "6 posts to a local server, one at a time, took "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                      << " ms";
  for (const auto& [key, r] : results.all()) EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(server.request_count(), 6u);
}

}  // namespace
}  // namespace intentd::webhooks
