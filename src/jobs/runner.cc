#include "jobs/runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "util/thread_name.h"

namespace intentd::jobs {

Runner::Runner(store::Store& store, const Clock& clock, Options options)
    : store_(store), clock_(clock), options_(options) {}

Runner::~Runner() {
  stop();
}

void Runner::add_handler(std::string kind, Handler* handler) {
  handlers_[std::move(kind)] = handler;
}

void Runner::start() {
  store_.write_sync([](store::Txn& txn) { txn.release_job_claims(); });
  store_.on_jobs_enqueued([this] { notify(); });
  thread_ = std::thread([this] {
    util::name_this_thread("jobs");
    loop();
  });
}

void Runner::stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  store_.on_jobs_enqueued({});
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, grace, [this] { return in_flight_ == 0; });
}

void Runner::notify() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void Runner::loop() {
  for (;;) {
    int room;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      poked_ = false;
      room = std::min(options_.claim_batch, options_.max_in_flight - in_flight_);
    }
    std::vector<store::Job> claimed;
    if (room > 0) {
      const int64_t now = clock_.now_ms();
      store_.write_sync(
          [&](store::Txn& txn) { claimed = txn.claim_jobs(now, now + options_.lease_ms, room); });
      for (const auto& job : claimed) dispatch(job);
      // A full batch means more may be due right now.
      if (static_cast<int>(claimed.size()) == room) continue;
    }

    // With no room, wait for a slot; otherwise until the next job is due (or a poke).
    auto wait = options_.idle_poll;
    if (room > 0) {
      std::optional<int64_t> next;
      store_.read([&](store::ReadTxn& txn) { next = txn.next_job_due_ms(clock_.now_ms()); });
      if (next) {
        auto until = std::chrono::milliseconds(std::max<int64_t>(0, *next - clock_.now_ms()));
        wait = std::min(wait, until);
      }
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [this, room] {
      // Wake for a stop, new work, or room freeing up after being full.
      return stopping_ || poked_ || (room <= 0 && in_flight_ < options_.max_in_flight);
    });
  }
}

void Runner::dispatch(const store::Job& job) {
  auto it = handlers_.find(job.kind);
  if (it == handlers_.end()) {
    // Kept, not dropped: a later version may know the kind.
    spdlog::error("job {} has unknown kind '{}'; retrying in an hour", job.id, job.kind);
    store_.write_sync([&](store::Txn& txn) {
      txn.reschedule_job(job.id, clock_.now_ms() + 3600 * 1000, job.attempts + 1);
    });
    return;
  }
  {
    std::lock_guard lock(mu_);
    ++in_flight_;
  }
  try {
    it->second->run(job, [this, job](Outcome o) { complete(job, std::move(o)); });
  } catch (const std::exception& e) {
    spdlog::error("job {} ({}) failed to start: {}", job.id, job.kind, e.what());
    complete(job, Outcome::retry_at(clock_.now_ms() + failure_backoff_ms(job.attempts + 1)));
  }
}

int64_t Runner::failure_backoff_ms(int attempts) const {
  // 2 s, 4 s, 8 s, ... capped at an hour.
  const int shift = std::min(attempts, 12);
  return std::min<int64_t>(int64_t{1000} << shift, 3600 * 1000);
}

void Runner::complete(const store::Job& job, Outcome outcome) {
  store_.write(
      [job, outcome = std::move(outcome)](store::Txn& txn) {
        if (outcome.effects) outcome.effects(txn);
        if (outcome.kind == Outcome::Kind::kDone)
          txn.finish_job(job.id);
        else
          txn.reschedule_job(job.id, outcome.due_ms, job.attempts + 1);
      },
      [this, job](store::CommitStatus status) {
        if (status != store::CommitStatus::kCommitted) {
          // The claim stays; the job runs again when its lease runs out.
          spdlog::error("job {} ({}): its outcome could not be written", job.id, job.kind);
        }
        completed_.fetch_add(1);
        // Notified under the lock, so the destructor cannot finish between the two.
        std::lock_guard lock(mu_);
        --in_flight_;
        cv_.notify_all();
      });
}

}  // namespace intentd::jobs
