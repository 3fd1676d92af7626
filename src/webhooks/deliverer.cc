#include "webhooks/deliverer.h"

#include <boost/json/parse.hpp>
#include <charconv>

#include "events/destinations.h"
#include "events/event_log.h"
#include "util/strings.h"
#include "webhooks/signature.h"

namespace intentd::webhooks {
namespace json = boost::json;

std::vector<int64_t> default_retry_schedule_ms() {
  constexpr int64_t kMin = 60 * 1000, kHour = 60 * kMin;
  return {kMin, 5 * kMin, 30 * kMin, 2 * kHour, 5 * kHour, 10 * kHour, 24 * kHour, 24 * kHour};
}

bool parse_retry_schedule(std::string_view text, std::vector<int64_t>& out) {
  out.clear();
  for (std::string_view item : util::split(text, ',')) {
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (ec != std::errc() || n < 0) return false;
    std::string_view unit(ptr, item.data() + item.size() - ptr);
    int64_t scale = 0;
    if (unit == "ms") scale = 1;
    if (unit == "s") scale = 1000;
    if (unit == "m") scale = 60 * 1000;
    if (unit == "h") scale = 3600 * 1000;
    if (scale == 0) return false;
    out.push_back(n * scale);
  }
  return !out.empty();
}

Deliverer::Deliverer(store::Store& store, const Clock& clock, HttpSender& sender,
                     std::vector<int64_t> retry_schedule_ms)
    : store_(store), clock_(clock), sender_(sender), schedule_(std::move(retry_schedule_ms)) {}

void Deliverer::run(const store::Job& job, Finish finish) {
  const json::value payload = json::parse(job.payload);
  const std::string event_id(payload.at("event").as_string());
  const std::string destination_id(payload.at("destination").as_string());

  std::optional<events::Destination> dest;
  std::optional<std::string> event;  // sent as stored: no need to parse it
  store_.read([&](store::ReadTxn& txn) {
    dest = events::load_destination(txn, job.account, destination_id);
    if (dest)
      event = txn.get_raw(job.account, dest->thin ? events::kThinEvent : events::kEvent, event_id);
  });
  const std::string account = job.account;
  if (!dest || !dest->enabled || !event) {
    // Nothing more goes to a disabled or deleted destination; the event stops waiting for it.
    finish(jobs::Outcome::done([account, event_id](store::Txn& txn) {
      events::delivery_settled(txn, account, event_id);
    }));
    return;
  }

  const bool v1 = !dest->thin;
  HttpRequest req;
  req.url = dest->url;
  req.body = std::move(*event);
  const int64_t now = clock_.now();
  req.headers = {"Content-Type: application/json; charset=utf-8", "Accept: */*; charset=utf-8",
                 "Cache-Control: no-cache",
                 "Stripe-Signature: " + signature_header(dest->secret, now, req.body)};
  const int attempt = job.attempts + 1;
  sender_.post(std::move(req), [this, account, event_id, destination_id, attempt, v1,
                                finish = std::move(finish)](HttpResult r) {
    store::DeliveryAttempt a{account,  event_id, destination_id, attempt, clock_.now_ms(),
                             r.status, r.error,  r.latency_ms,   r.head};
    if (r.status >= 200 && r.status < 300) {
      finish(jobs::Outcome::done([a, v1](store::Txn& txn) {
        txn.record_attempt(a);
        if (v1) events::delivery_settled(txn, a.account, a.event_id);
      }));
      return;
    }
    auto record = [a](store::Txn& txn) { txn.record_attempt(a); };
    if (static_cast<std::size_t>(attempt) <= schedule_.size())
      finish(jobs::Outcome::retry_at(clock_.now_ms() + schedule_[attempt - 1], record));
    else
      finish(jobs::Outcome::done(record));  // out of retries: the event stays pending
  });
}

}  // namespace intentd::webhooks
