// GroupCommitWriter owns the one write connection. It takes every queued write (up to a
// bound), runs each in its own SAVEPOINT, commits the batch once (one fsync for all of them)
// and only then tells each writer whether its write is durable.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "store/sqlite_connection.h"
#include "store/sqlite_txn.h"
#include "store/store.h"

namespace intentd::store {

class GroupCommitWriter {
 public:
  struct Options {
    std::size_t max_batch = 512;
  };

  GroupCommitWriter(Connection& db, SequenceSource& seq, Options options);
  ~GroupCommitWriter();

  void submit(Store::WriteFn fn, Store::DoneFn done);
  // Called after each committed batch in which some write enqueued a job.
  void on_jobs_enqueued(std::function<void()> listener);
  // Runs what is queued, then stops the thread; later submits fail at once.
  void stop();

  // Batches committed so far, and writes in them (for tests and the bench).
  std::size_t batches() const;
  std::size_t writes() const;

 private:
  struct Item {
    Store::WriteFn fn;
    Store::DoneFn done;
  };

  void run();
  void commit_batch(std::deque<Item>& batch);
  void rollback_quietly();

  Connection& db_;
  SequenceSource& seq_;
  Options options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;               // guarded by mu_
  bool stopping_ = false;                // guarded by mu_
  std::size_t batches_ = 0;              // guarded by mu_
  std::size_t writes_ = 0;               // guarded by mu_
  std::function<void()> jobs_listener_;  // guarded by mu_
  std::thread thread_;
};

}  // namespace intentd::store
