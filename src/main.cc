// intentd: a stateful, durable, Stripe-API-compatible payments server.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/check.h"
#include "cli/events_resend.h"
#include "cli/listen.h"
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
  serve_cmd
      ->add_option("--authorization-window", serve.authorization_window,
                   "how long an uncaptured (capture_method=manual) payment stays capturable")
      ->capture_default_str();
  serve_cmd->add_option("--checkout-expiry", serve.checkout_expiry,
                        "end open Checkout Sessions this long after creation instead of at "
                        "their expires_at, e.g. 2s (for tests and demos)");
  serve_cmd
      ->add_option("--settlement-delay", serve.settlement_delay,
                   "how long SEPA and ACH debits stay processing, e.g. 3s or 500ms")
      ->capture_default_str();
  serve_cmd
      ->add_option("--funds-available-after", serve.funds_available_after,
                   "how long captured funds stay pending before they are available, e.g. "
                   "48h (a day or more lands on 00:00 UTC) or 500ms")
      ->capture_default_str();
  serve_cmd->add_option("--public-url", serve.public_url,
                        "base URL of the links intentd hands out (3-D Secure and Checkout pages), "
                        "e.g. https://pay.test.example (default: http:// and the listen address)");
  serve_cmd->add_option("--webhook-retry-schedule", serve.webhook_retry_schedule,
                        "delays between webhook delivery attempts, e.g. 1m,5m,30m (default: "
                        "about three days of exponential backoff)");

  app.add_subcommand("version", "Print the version");

  intentd::cli::ListenOptions listen;
  CLI::App* listen_cmd =
      app.add_subcommand("listen", "Forward webhook events to a local URL (like stripe listen)");
  listen_cmd->add_option("--forward-to", listen.forward_to, "URL that receives the events")
      ->required();
  listen_cmd->add_option("--events", listen.events, "event types to forward, e.g. a,b (default: *)")
      ->delimiter(',');
  listen_cmd->add_option("--api-key", listen.api_key,
                         "secret key (default: $INTENTD_API_KEY, then $STRIPE_API_KEY)");
  listen_cmd->add_option("--server", listen.server, "intentd base URL")->capture_default_str();

  intentd::cli::EventsResendOptions resend;
  CLI::App* events_cmd = app.add_subcommand("events", "Work with events");
  events_cmd->require_subcommand(1);
  CLI::App* resend_cmd = events_cmd->add_subcommand("resend", "Deliver an event again");
  resend_cmd->add_option("event", resend.event_id, "event id (evt_...)")->required();
  resend_cmd->add_option("--webhook-endpoint", resend.webhook_endpoint,
                         "only this endpoint (we_...); default: every matching endpoint");
  resend_cmd->add_option("--api-key", resend.api_key,
                         "secret key (default: $INTENTD_API_KEY, then $STRIPE_API_KEY)");
  resend_cmd->add_option("--server", resend.server, "intentd base URL")->capture_default_str();

  intentd::cli::CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand(
      "check", "Report stored documents that do not read back, and SQLite's integrity check");
  check_cmd->add_option("--db", check.db, "SQLite database file")->capture_default_str();

  CLI11_PARSE(app, argc, argv);
  if (app.got_subcommand("version")) {
    std::printf("intentd %s\n", INTENTD_VERSION);
    return 0;
  }
  if (app.got_subcommand("listen")) return intentd::cli::listen(listen);
  if (app.got_subcommand("events")) return intentd::cli::events_resend(resend);
  if (app.got_subcommand("check")) return intentd::cli::check(check);
  return intentd::cli::serve(serve);
}
