#include "store/group_commit.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "util/thread_name.h"

namespace intentd::store {
namespace {

struct Written {
  bool ok() const { return true; }
};

}  // namespace

GroupCommitWriter::GroupCommitWriter(Connection& db, SequenceSource& seq, Options options)
    : db_(db), seq_(seq), options_(options), thread_([this] {
        util::name_this_thread("writer");
        run();
      }) {}

GroupCommitWriter::~GroupCommitWriter() {
  stop();
}

void GroupCommitWriter::submit(Store::WriteFn fn, Store::DoneFn done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(Item{std::move(fn), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done(CommitStatus::kFailed);
}

void GroupCommitWriter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::on_jobs_enqueued(std::function<void()> listener) {
  std::lock_guard lock(mu_);
  jobs_listener_ = std::move(listener);
}

std::size_t GroupCommitWriter::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::size_t GroupCommitWriter::writes() const {
  std::lock_guard lock(mu_);
  return writes_;
}

void GroupCommitWriter::run() {
  std::deque<Item> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything queued has been written
      std::size_t n = std::min(queue_.size(), options_.max_batch);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commit_batch(batch);
    batch.clear();
  }
}

void GroupCommitWriter::rollback_quietly() {
  try {
    db_.exec("ROLLBACK");
  } catch (...) {
    // Nothing was open, or the connection is gone; the waiters learn of it anyway.
  }
}

void GroupCommitWriter::commit_batch(std::deque<Item>& batch) {
  SqliteTxn txn(db_, &seq_);
  std::vector<CommitStatus> status(batch.size(), CommitStatus::kCommitted);
  bool committed = false;
  try {
    db_.prepare("BEGIN IMMEDIATE")->run();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      // A failing write rolls back to its own savepoint; the rest of the batch still commits.
      try {
        atomically(txn, [&] {
          batch[i].fn(txn);
          return Written{};
        });
      } catch (const std::exception& e) {
        spdlog::error("write failed and was rolled back: {}", e.what());
        status[i] = CommitStatus::kFailed;
      } catch (...) {
        spdlog::error("write failed with a non-standard exception and was rolled back");
        status[i] = CommitStatus::kFailed;
      }
    }
    db_.prepare("COMMIT")->run();
    committed = true;
  } catch (const std::exception& e) {
    spdlog::error("batch commit failed: {}", e.what());
    rollback_quietly();
  } catch (...) {
    spdlog::error("batch commit failed");
    rollback_quietly();
  }
  std::function<void()> listener;
  {
    std::lock_guard lock(mu_);
    ++batches_;
    writes_ += batch.size();
    if (committed && txn.enqueued_jobs()) listener = jobs_listener_;
  }
  if (listener) listener();
  for (std::size_t i = 0; i < batch.size(); ++i)
    batch[i].done(committed ? status[i] : CommitStatus::kFailed);
}

}  // namespace intentd::store
