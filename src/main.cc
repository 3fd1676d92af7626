// intentd: a stateful, durable, Stripe-API-compatible payments server.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/serve.h"

int main(int argc, char** argv) {
  CLI::App app{"intentd: a stateful, durable, Stripe-API-compatible payments server"};
  app.require_subcommand(1);

  intentd::cli::ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand("serve", "Serve the Stripe API");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--db", serve.db, "SQLite database file")->capture_default_str();
  serve_cmd->add_option("--api-key", serve.api_keys,
                        "A test key (sk_test_/pk_test_/rk_test_) of the platform account; may "
                        "repeat");
  serve_cmd->add_option("--threads", serve.threads, "io threads (0: one per core)")
      ->capture_default_str();
  serve_cmd->add_option("--log-level", serve.log_level, "trace, debug, info, warn, error or off")
      ->capture_default_str();
  serve_cmd->add_option("--body-limit", serve.body_limit, "largest request body in bytes")
      ->capture_default_str();
  serve_cmd->add_option("--webhook-retry-schedule", serve.webhook_retry_schedule,
                        "delays between webhook delivery attempts, e.g. 1m,5m,30m (default: "
                        "about three days of exponential backoff)");

  app.add_subcommand("version", "Print the version");

  CLI11_PARSE(app, argc, argv);
  if (app.got_subcommand("version")) {
    std::printf("intentd %s\n", INTENTD_VERSION);
    return 0;
  }
  return intentd::cli::serve(serve);
}
