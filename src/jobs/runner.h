// Runner is the durable job queue's worker: it claims due jobs from the store (a lease, so a
// crash leaves them to be claimed again), hands each to the Handler for its kind, and writes
// the handler's outcome, with its effects, in one transaction.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "base/clock.h"
#include "store/store.h"

namespace intentd::jobs {

// What a handler decided about a job it ran.
struct Outcome {
  enum class Kind { kDone, kRetryAt };
  Kind kind = Kind::kDone;
  int64_t due_ms = 0;  // kRetryAt: when to run again
  // Runs in the transaction that finishes or reschedules the job.
  std::function<void(store::Txn&)> effects;

  static Outcome done(std::function<void(store::Txn&)> effects = {}) {
    return Outcome{Kind::kDone, 0, std::move(effects)};
  }
  static Outcome retry_at(int64_t due_ms, std::function<void(store::Txn&)> effects = {}) {
    return Outcome{Kind::kRetryAt, due_ms, std::move(effects)};
  }
};

class Handler {
 public:
  using Finish = std::function<void(Outcome)>;
  virtual ~Handler() = default;
  // Runs `job` without blocking for long; calls `finish` exactly once, from any thread.
  virtual void run(const store::Job& job, Finish finish) = 0;
};

class Runner {
 public:
  struct Options {
    int max_in_flight = 512;
    int claim_batch = 256;
    int64_t lease_ms = 10 * 60 * 1000;
    std::chrono::milliseconds idle_poll{1000};
  };

  Runner(store::Store& store, const Clock& clock, Options options);
  Runner(store::Store& store, const Clock& clock) : Runner(store, clock, Options{}) {}
  ~Runner();

  // Registers the handler for `kind`; before start(). The handler outlives the runner.
  void add_handler(std::string kind, Handler* handler);
  // Releases claims left by an earlier process, then starts claiming.
  void start();
  // Stops claiming and waits (up to `grace`) for running jobs to report; what is still
  // running keeps its claim and runs again after the next start.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // A job was enqueued: look for due work now instead of at the next poll.
  void notify();

  // Jobs finished or rescheduled since start (for tests and the bench).
  std::size_t completed() const { return completed_.load(); }

 private:
  void loop();
  void dispatch(const store::Job& job);
  void complete(const store::Job& job, Outcome outcome);
  int64_t failure_backoff_ms(int attempts) const;

  store::Store& store_;
  const Clock& clock_;
  Options options_;
  std::map<std::string, Handler*> handlers_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool poked_ = false;     // guarded by mu_
  int in_flight_ = 0;      // guarded by mu_
  std::atomic<std::size_t> completed_{0};
  std::thread thread_;
};

}  // namespace intentd::jobs
