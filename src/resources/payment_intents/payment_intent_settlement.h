// Bank debits settle later: confirming a SEPA or ACH payment schedules a "payment.settle"
// job, which after the settlement delay moves the intent from processing to succeeded, or
// back to requires_payment_method with the bank's failure, as the test instrument says.
#pragma once

#include <chrono>
#include <string>

#include "base/clock.h"
#include "base/settings.h"
#include "events/event_log.h"
#include "jobs/runner.h"
#include "store/store.h"

namespace intentd::resources::payment_intents {

inline constexpr std::string_view kSettleJob = "payment.settle";

// Queues the settlement of a processing intent's pending charge.
void schedule_settlement(store::Txn& txn, const events::Origin& origin,
                         const std::string& payment_intent, const std::string& charge,
                         int64_t extra_delay_ms);

class Settlement final : public jobs::Handler {
 public:
  Settlement(const Clock& clock, const Settings& settings) : clock_(clock), settings_(settings) {}
  void run(const store::Job& job, Finish finish) override;

 private:
  const Clock& clock_;
  const Settings& settings_;
};

}  // namespace intentd::resources::payment_intents
