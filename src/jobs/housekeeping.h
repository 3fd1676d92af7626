// Housekeeping is a recurring job: it deletes idempotency records past their 24 hours and
// events past their 30 days, a bounded batch at a time, then schedules itself again.
#pragma once

#include "base/clock.h"
#include "jobs/runner.h"
#include "store/store.h"

namespace intentd::jobs {

inline constexpr std::string_view kHousekeepingJob = "housekeeping";
inline constexpr int64_t kEventRetentionSeconds = 30 * 24 * 60 * 60;

class Housekeeping final : public Handler {
 public:
  Housekeeping(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Makes sure the recurring job exists (once per database).
  static void schedule(store::Store& store, const Clock& clock);

  void run(const store::Job& job, Finish finish) override;

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace intentd::jobs
