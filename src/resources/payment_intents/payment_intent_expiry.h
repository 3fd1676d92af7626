// Uncaptured authorizations do not last: a PaymentIntent left in requires_capture past the
// authorization window (7 days by default) is canceled ("automatic") when nothing was
// captured, or finished as succeeded with what multicapture already took.
#pragma once

#include <string>

#include "base/clock.h"
#include "base/settings.h"
#include "events/event_log.h"
#include "jobs/runner.h"
#include "store/store.h"

namespace intentd::resources::payment_intents {

inline constexpr std::string_view kExpiryJob = "payment.authorization_expiry";

// Queues the end of the authorization window for an intent that just entered
// requires_capture.
void schedule_authorization_expiry(store::Txn& txn, const events::Origin& origin,
                                   const std::string& payment_intent);

class AuthorizationExpiry final : public jobs::Handler {
 public:
  AuthorizationExpiry(const Clock& clock, const Settings& settings)
      : clock_(clock), settings_(settings) {}
  void run(const store::Job& job, Finish finish) override;

 private:
  const Clock& clock_;
  const Settings& settings_;
};

}  // namespace intentd::resources::payment_intents
