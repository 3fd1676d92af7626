#include "cli/events_resend.h"

#include <cstdio>

namespace intentd::cli {
namespace json = boost::json;

namespace {

std::string string_field(const json::value& v, std::string_view key) {
  if (const auto* o = v.if_object())
    if (const auto* f = o->if_contains(key); f && f->is_string())
      return std::string(f->as_string());
  return "?";
}

}  // namespace

int events_resend(const EventsResendOptions& options) {
  const std::string key = resolve_api_key(options.api_key);
  if (key.empty()) {
    std::fprintf(stderr,
                 "intentd events resend: no API key: pass --api-key or set INTENTD_API_KEY (or "
                 "STRIPE_API_KEY)\n");
    return 2;
  }
  const ApiClient api(options.server, key);
  FormParams params;
  if (!options.webhook_endpoint.empty())
    params.emplace_back("webhook_endpoint", options.webhook_endpoint);
  ApiResponse r = api.post("/v1/events/" + path_escape(options.event_id) + "/retry", params);
  if (!r.ok()) {
    std::fprintf(stderr, "intentd events resend: %s\n", r.error.c_str());
    return 1;
  }
  const std::string id = string_field(r.body, "id"), type = string_field(r.body, "type");
  // The answer is the event; it does not say how many deliveries the retry queued, only how
  // many are pending in all (including earlier ones still being retried).
  std::string where;
  if (!options.webhook_endpoint.empty()) {
    where = "to webhook endpoint " + options.webhook_endpoint;
  } else {
    where = "to every enabled endpoint that listens for it";
    if (const auto* p = r.body.as_object().if_contains("pending_webhooks"); p && p->is_int64())
      where += " (pending_webhooks: " + std::to_string(p->as_int64()) + ")";
  }
  std::printf("Resent %s (%s) %s\n", id.c_str(), type.c_str(), where.c_str());
  return 0;
}

}  // namespace intentd::cli
