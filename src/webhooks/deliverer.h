// Deliverer runs "webhook.deliver" jobs: it signs one event for one destination, POSTs it,
// records the attempt, and on anything but a 2xx schedules the next try from the retry
// schedule (Stripe retries for up to three days); a disabled or deleted destination gets
// nothing more.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/clock.h"
#include "jobs/runner.h"
#include "store/store.h"
#include "webhooks/http_sender.h"

namespace intentd::webhooks {

// Delays before the 2nd, 3rd, ... attempt. The default sums to about three days.
std::vector<int64_t> default_retry_schedule_ms();

// "100ms,2s,5m,1h" → milliseconds; false on a malformed list.
bool parse_retry_schedule(std::string_view text, std::vector<int64_t>& out);

class Deliverer final : public jobs::Handler {
 public:
  Deliverer(store::Store& store, const Clock& clock, HttpSender& sender,
            std::vector<int64_t> retry_schedule_ms);

  void run(const store::Job& job, Finish finish) override;

 private:
  store::Store& store_;
  const Clock& clock_;
  HttpSender& sender_;
  std::vector<int64_t> schedule_;
};

}  // namespace intentd::webhooks
