#include "cli/serve.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "api/idempotency.h"
#include "api/urls.h"
#include "base/clock.h"
#include "base/settings.h"
#include "base/utf8.h"
#include "cli/bootstrap.h"
#include "events/event_log.h"
#include "http/auth.h"
#include "http/pipeline.h"
#include "http/request_log.h"
#include "http/router.h"
#include "http/server.h"
#include "jobs/housekeeping.h"
#include "jobs/runner.h"
#include "resources/registry.h"
#include "store/sqlite_store.h"
#include "webhooks/deliverer.h"
#include "webhooks/http_sender.h"

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

// One delay ("3s", "500ms", "168h") for a flag; false (with a message) when malformed.
bool parse_delay(const char* flag, const std::string& text, int64_t& ms) {
  std::vector<int64_t> parsed;
  if (webhooks::parse_retry_schedule(text, parsed) && parsed.size() == 1) {
    ms = parsed.front();
    return true;
  }
  std::fprintf(stderr, "intentd: %s must be one delay like 3s, 500ms or 48h, got '%s'\n", flag,
               text.c_str());
  return false;
}

// The base URL of hosted-page links: --public-url when given (http or https, a host, an optional
// path; no query), else the address we listen on as a browser on this machine reaches it.
bool public_url_of(const ServeOptions& options, const std::string& host, uint16_t port,
                   std::string& url) {
  if (options.public_url.empty()) {
    std::string shown = host;
    if (host == "0.0.0.0") shown = "127.0.0.1";
    if (host == "::") shown = "::1";
    if (shown.find(':') != std::string::npos) shown = "[" + shown + "]";
    url = "http://" + shown + ":" + std::to_string(port);
    return true;
  }
  url = options.public_url;
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  Status s = api::check_url(url, "--public-url", api::UrlKind::kWeb);
  if (s.ok() && (!printable_utf8(url) || url.find_first_of("?#") != std::string::npos))
    s = ApiError::invalid_request("It must be printable and have no query or fragment.");
  if (!s.ok()) {
    std::fprintf(stderr, "intentd: --public-url must be an http:// or https:// base URL: %s\n",
                 s.error().message.c_str());
    return false;
  }
  return true;
}

}  // namespace

int serve(const ServeOptions& options) {
  http::init_logging(options.log_level);
  http::Server::Options server_options;
  if (!split_listen(options.listen, server_options.host, server_options.port)) {
    std::fprintf(stderr, "intentd: --listen must be HOST:PORT, got '%s'\n", options.listen.c_str());
    return 2;
  }
  for (const auto& key : options.api_keys) {
    if (Status s = check_configured_key(key); !s.ok()) {
      std::fprintf(stderr, "intentd: %s\n", s.error().message.c_str());
      return 2;
    }
  }
  std::vector<int64_t> retry_schedule = webhooks::default_retry_schedule_ms();
  if (!options.webhook_retry_schedule.empty() &&
      !webhooks::parse_retry_schedule(options.webhook_retry_schedule, retry_schedule)) {
    std::fprintf(stderr,
                 "intentd: --webhook-retry-schedule must be a comma-separated list of delays "
                 "like 1m,5m,30m (units ms, s, m, h), got '%s'\n",
                 options.webhook_retry_schedule.c_str());
    return 2;
  }
  Settings settings;
  if (!parse_delay("--settlement-delay", options.settlement_delay, settings.settlement_delay_ms) ||
      !parse_delay("--funds-available-after", options.funds_available_after,
                   settings.funds_available_after_ms) ||
      !parse_delay("--authorization-window", options.authorization_window,
                   settings.authorization_window_ms))
    return 2;
  if (!options.checkout_expiry.empty()) {
    int64_t ms = 0;
    if (!parse_delay("--checkout-expiry", options.checkout_expiry, ms)) return 2;
    settings.checkout_lifetime_ms = ms;
  }
  server_options.threads = options.threads;
  server_options.body_limit = options.body_limit;

  try {
    SystemClock clock;
    store::SqliteStore::Options store_options;
    store_options.clock = &clock;
    auto store = store::SqliteStore::open(options.db, store_options);
    Platform platform = ensure_platform(*store, clock, options.api_keys);

    http::KeyRing keys;
    for (const auto& k : platform.keys) keys.add(k);
    http::Router router(resources::routes());
    api::ExpandRules expand = resources::expand_rules();
    api::ClientViews client_views = resources::client_views();
    http::Pipeline pipeline(*store, clock, settings, keys, router, expand, client_views);
    http::Server server(server_options, pipeline);
    const uint16_t port = server.listen();
    // Known once the port is (port 0 picks one), and before anything serves or runs a job.
    if (!public_url_of(options, server_options.host, port, settings.public_url)) return 2;

    // Background work through the durable job queue: every family's jobs, webhook deliveries
    // and housekeeping.
    auto sender = std::make_unique<webhooks::HttpSender>();
    webhooks::Deliverer deliverer(*store, clock, *sender, retry_schedule);
    jobs::Housekeeping housekeeping(*store, clock);
    std::vector<std::unique_ptr<jobs::Handler>> handlers;  // outlive the runner
    jobs::Runner runner(*store, clock);
    const resources::JobContext context{clock, settings};
    for (const resources::Family& family : resources::families())
      for (const resources::JobKind& job : family.jobs) {
        handlers.push_back(job.make(context));
        runner.add_handler(std::string(job.kind), handlers.back().get());
      }
    runner.add_handler(std::string(events::kDeliverJob), &deliverer);
    runner.add_handler(std::string(jobs::kHousekeepingJob), &housekeeping);
    jobs::Housekeeping::schedule(*store, clock);
    runner.start();

    std::printf("intentd %s: %s platform account %s (database %s)\n", INTENTD_VERSION,
                platform.created ? "created" : "using", platform.account.c_str(),
                options.db.c_str());
    for (const auto& k : platform.keys)
      std::printf("  %s key: %s\n", k.kind == store::KeyKind::kSecret ? "secret" : "publishable",
                  k.secret.c_str());
    std::printf("intentd listening on http://%s:%u\n", server_options.host.c_str(), port);
    std::fflush(stdout);

    server.run();
    // Stop claiming work, let running deliveries report (briefly), fail what is left (it is
    // retried after the next start), and write the last outcomes before the store closes.
    runner.stop();
    sender.reset();
    store->stop();
    spdlog::info("writer: {} writes in {} batches", store->writes(), store->batches());
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
