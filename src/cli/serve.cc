#include "cli/serve.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "api/idempotency.h"
#include "cli/bootstrap.h"
#include "domain/clock.h"
#include "http/auth.h"
#include "http/pipeline.h"
#include "http/request_log.h"
#include "http/router.h"
#include "http/server.h"
#include "resources/routes.h"
#include "store/sqlite_store.h"

namespace intentd::cli {
namespace {

bool split_listen(const std::string& listen, std::string& host, uint16_t& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  try {
    std::size_t used = 0;
    int p = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || p < 0 || p > 65535) return false;
    port = static_cast<uint16_t>(p);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

// Deletes expired idempotency records now and then, until stopped.
class Housekeeper {
 public:
  Housekeeper(store::Store& store, const domain::Clock& clock)
      : store_(store), clock_(clock), thread_([this] { loop(); }) {}
  ~Housekeeper() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      const int64_t cutoff = clock_.now() - api::kIdempotencyTtlSeconds;
      store_.write([cutoff](store::Txn& txn) { txn.prune_idempotency(cutoff); },
                   [](store::CommitStatus) {});
      lock.lock();
      cv_.wait_for(lock, std::chrono::minutes(10), [this] { return stop_; });
    }
  }

  store::Store& store_;
  const domain::Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace

int serve(const ServeOptions& options) {
  http::init_logging(options.log_level);
  http::Server::Options server_options;
  if (!split_listen(options.listen, server_options.host, server_options.port)) {
    std::fprintf(stderr, "intentd: --listen must be HOST:PORT, got '%s'\n", options.listen.c_str());
    return 2;
  }
  for (const auto& key : options.api_keys) {
    if (api::Status s = check_configured_key(key); !s.ok()) {
      std::fprintf(stderr, "intentd: %s\n", s.error().message.c_str());
      return 2;
    }
  }
  server_options.threads = options.threads;
  server_options.body_limit = options.body_limit;

  try {
    domain::SystemClock clock;
    auto store = store::SqliteStore::open(options.db);
    Platform platform = ensure_platform(*store, clock, options.api_keys);

    http::KeyRing keys;
    for (const auto& k : platform.keys) keys.add(k);
    http::Router router(resources::routes());
    api::ExpandRules expand = resources::expand_rules();
    http::Pipeline pipeline(*store, clock, keys, router, expand);
    http::Server server(server_options, pipeline);
    const uint16_t port = server.listen();

    std::printf("intentd %s: %s platform account %s (database %s)\n", INTENTD_VERSION,
                platform.created ? "created" : "using", platform.account.c_str(),
                options.db.c_str());
    for (const auto& k : platform.keys)
      std::printf("  %s key: %s\n", k.kind == store::KeyKind::kSecret ? "secret" : "publishable",
                  k.secret.c_str());
    std::printf("intentd listening on http://%s:%u\n", server_options.host.c_str(), port);
    std::fflush(stdout);

    {
      Housekeeper housekeeper(*store, clock);
      server.run();
    }
    store->stop();
    http::stop_logging();
    spdlog::info("stopped cleanly");
    return 0;
  } catch (const std::exception& e) {
    spdlog::error("intentd: {}", e.what());
    http::stop_logging();
    std::fprintf(stderr, "intentd: %s\n", e.what());
    return 1;
  }
}

}  // namespace intentd::cli
