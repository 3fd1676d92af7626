// Open Checkout Sessions end at their expires_at: a job per session expires it then (the
// session is expired, its SetupIntent canceled, checkout.session.expired emitted).
#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "events/event_log.h"
#include "jobs/runner.h"
#include "store/store.h"

namespace intentd::resources::checkout_sessions {

inline constexpr std::string_view kExpiryJob = "checkout.session_expiry";

// Queues the expiry of a session created now that expires at `expires_at` (unix seconds).
void schedule_expiry(store::Txn& txn, const intentd::events::Origin& origin,
                     const std::string& session, int64_t expires_at);

class Expiry final : public jobs::Handler {
 public:
  // `lifetime_ms`, when set (serve --checkout-expiry), ends sessions that long after their
  // creation instead of at expires_at: for tests and demos that cannot wait 30 minutes.
  Expiry(const Clock& clock, std::optional<int64_t> lifetime_ms)
      : clock_(clock), lifetime_ms_(lifetime_ms) {}
  void run(const store::Job& job, Finish finish) override;

 private:
  const Clock& clock_;
  std::optional<int64_t> lifetime_ms_;
};

}  // namespace intentd::resources::checkout_sessions
