// Open Checkout Sessions end at their expires_at: a job per session expires it then (the
// session is expired, its SetupIntent canceled, checkout.session.expired emitted).
#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "base/settings.h"
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
  // Settings::checkout_lifetime_ms, when set (serve --checkout-expiry), ends sessions that long
  // after their creation instead of at expires_at: for tests and demos that cannot wait.
  Expiry(const Clock& clock, const Settings& settings) : clock_(clock), settings_(settings) {}
  void run(const store::Job& job, Finish finish) override;

 private:
  const Clock& clock_;
  const Settings& settings_;
};

}  // namespace intentd::resources::checkout_sessions
