#include "jobs/housekeeping.h"

#include <set>

#include "api/idempotency.h"
#include "events/event_log.h"

namespace intentd::jobs {
namespace {

constexpr int64_t kEveryMs = 10 * 60 * 1000;
constexpr int kBatch = 1000;

}  // namespace

void Housekeeping::schedule(store::Store& store, const Clock& clock) {
  store.write_sync([&](store::Txn& txn) {
    if (txn.count_jobs("", kHousekeepingJob) > 0) return;
    store::Job job;
    job.kind = std::string(kHousekeepingJob);
    job.payload = "{}";
    job.due_ms = clock.now_ms();
    txn.enqueue_job(job);
  });
}

void Housekeeping::run(const store::Job& job, Finish finish) {
  const int64_t now = clock_.now();
  std::set<std::string> accounts;
  store_.read([&](store::ReadTxn& txn) {
    for (const auto& k : txn.api_keys()) accounts.insert(k.account);
  });
  // A full batch means more is left: come back soon rather than in ten minutes.
  int erased = 0;
  store_.write_sync([&](store::Txn& txn) {
    txn.prune_idempotency(now - api::kIdempotencyTtlSeconds);
    for (const auto& account : accounts)
      for (std::string_view type : {events::kEvent, events::kThinEvent})
        erased += txn.erase_created_before(account, type, now - kEventRetentionSeconds, kBatch);
  });
  const int64_t next = clock_.now_ms() + (erased >= kBatch ? 1000 : kEveryMs);
  finish(Outcome::retry_at(next));
}

}  // namespace intentd::jobs
