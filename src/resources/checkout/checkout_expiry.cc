#include "resources/checkout/checkout_expiry.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "base/json_text.h"
#include "resources/checkout/checkout_session_state.h"

namespace intentd::resources::checkout_sessions {
namespace json = boost::json;

void schedule_expiry(store::Txn& txn, const events::Origin& origin, const std::string& session,
                     int64_t expires_at) {
  store::Job job;
  job.account = origin.account;
  job.kind = std::string(kExpiryJob);
  job.payload = json_text(json::object{
      {"session", session}, {"created_ms", origin.now_ms}, {"expires_at_ms", expires_at * 1000}});
  job.due_ms = origin.now_ms;  // the handler knows when the session ends and waits for it
  txn.enqueue_job(job);
}

void Expiry::run(const store::Job& job, Finish finish) {
  const json::value p = json::parse(job.payload);
  int64_t due = p.at("expires_at_ms").to_number<int64_t>();
  if (const auto& lifetime = settings_.checkout_lifetime_ms)
    due = std::min(due, p.at("created_ms").to_number<int64_t>() + *lifetime);
  const int64_t now = clock_.now_ms();
  if (now < due) {
    finish(jobs::Outcome::retry_at(due));
    return;
  }
  finish(jobs::Outcome::done([origin = events::Origin::background(job.account, now, settings_),
                              id = std::string(p.at("session").as_string())](store::Txn& txn) {
    auto s = load(txn, origin.account, id);
    // Completed, or expired by the API already: nothing to do.
    if (s && allowed(CheckoutSessionOperation::kExpire, s->status())) expire(txn, origin, *s);
  }));
}

}  // namespace intentd::resources::checkout_sessions
