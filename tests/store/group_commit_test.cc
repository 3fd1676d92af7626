#include "store/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

#include "base/result.h"
#include "testutil/store.h"

namespace intentd::store {
namespace {
using testutil::record;

// Holds the writer inside one write until released, so that everything submitted meanwhile
// queues up and goes into the following batches.
class WriterGate {
 public:
  explicit WriterGate(Store& store) {
    std::shared_future<void> released = release_.get_future().share();
    store.write(
        [this, released](Txn&) {
          entered_.set_value();
          released.wait();
        },
        [](CommitStatus) {});
    entered_.get_future().wait();
  }
  ~WriterGate() { open(); }
  void open() {
    if (!opened_) release_.set_value();
    opened_ = true;
  }

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
  bool opened_ = false;
};

class GroupCommitTest : public testutil::StoreTest {};

TEST_F(GroupCommitTest, ConcurrentWritesAllCommitInFewBatches) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  constexpr int kCount = kThreads * kPerThread;
  std::atomic<int> committed{0};
  std::latch done(kCount);
  WriterGate gate(store());
  const std::size_t batches_before = store().batches();
  const std::size_t writes_before = store().writes();

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string id = "cus_" + std::to_string(t) + "_" + std::to_string(i);
        store().write([id](Txn& txn) { txn.insert("acct_a", record("customer", id, 1)); },
                      [&](CommitStatus s) {
                        if (s == CommitStatus::kCommitted) ++committed;
                        done.count_down();
                      });
      }
    });
  }
  for (auto& t : threads) t.join();
  gate.open();
  done.wait();

  EXPECT_EQ(committed.load(), kCount);
  // The gate's own write counts once; the rest went in batches of at most 512.
  EXPECT_EQ(store().writes() - writes_before, static_cast<std::size_t>(kCount) + 1);
  const std::size_t batches = store().batches() - batches_before;
  EXPECT_LT(batches, static_cast<std::size_t>(kCount));
  EXPECT_EQ(batches, 1u + 2u);  // the gate's batch, then 512 + 288
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kPerThread; i += 37)
      EXPECT_TRUE(get("acct_a", "customer", "cus_" + std::to_string(t) + "_" + std::to_string(i)));
}

TEST_F(GroupCommitTest, AThrowingWriteIsRolledBackAlone) {
  std::vector<CommitStatus> status(3, CommitStatus::kCommitted);
  std::latch done(3);
  auto report = [&](int i) {
    return [&, i](CommitStatus s) {
      status[i] = s;
      done.count_down();
    };
  };
  WriterGate gate(store());
  const std::size_t batches_before = store().batches();
  store().write([](Txn& txn) { txn.insert("acct_a", record("customer", "cus_a", 1)); }, report(0));
  store().write(
      [](Txn& txn) {
        txn.insert("acct_a", record("customer", "cus_b", 1));
        throw std::runtime_error("handler failed");
      },
      report(1));
  store().write([](Txn& txn) { txn.insert("acct_a", record("customer", "cus_c", 1)); }, report(2));
  gate.open();
  done.wait();

  EXPECT_EQ(status[0], CommitStatus::kCommitted);
  EXPECT_EQ(status[1], CommitStatus::kFailed);
  EXPECT_EQ(status[2], CommitStatus::kCommitted);
  EXPECT_EQ(store().batches() - batches_before, 2u);  // the gate's, then all three together
  EXPECT_TRUE(get("acct_a", "customer", "cus_a"));
  EXPECT_FALSE(get("acct_a", "customer", "cus_b"));
  EXPECT_TRUE(get("acct_a", "customer", "cus_c"));
}

TEST_F(GroupCommitTest, AtomicallyRollsBackOnAnErrorResult) {
  Status result;
  write([&](Txn& txn) {
    result = atomically(txn, [&]() -> Status {
      txn.insert("acct_a", record("customer", "cus_undone", 1));
      return ApiError::invalid_request("nope");
    });
    txn.insert("acct_a", record("customer", "cus_kept", 1));
  });
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(get("acct_a", "customer", "cus_undone"));
  EXPECT_TRUE(get("acct_a", "customer", "cus_kept"));
}

TEST_F(GroupCommitTest, AtomicallyKeepsAnOkResult) {
  write([&](Txn& txn) {
    auto r = atomically(txn, [&]() -> Result<int> {
      txn.insert("acct_a", record("customer", "cus_1", 1));
      return 7;
    });
    EXPECT_EQ(r.value(), 7);
  });
  EXPECT_TRUE(get("acct_a", "customer", "cus_1"));
}

TEST_F(GroupCommitTest, NestedAtomicallyUndoesOnlyTheInnerWrite) {
  write([&](Txn& txn) {
    Status outer = atomically(txn, [&]() -> Status {
      txn.insert("acct_a", record("customer", "cus_outer", 1));
      Status inner = atomically(txn, [&]() -> Status {
        txn.insert("acct_a", record("customer", "cus_inner", 1));
        return ApiError::invalid_request("inner");
      });
      EXPECT_FALSE(inner.ok());
      return Status::Ok();
    });
    EXPECT_TRUE(outer.ok());
  });
  EXPECT_TRUE(get("acct_a", "customer", "cus_outer"));
  EXPECT_FALSE(get("acct_a", "customer", "cus_inner"));
}

TEST_F(GroupCommitTest, StopFinishesQueuedWrites) {
  constexpr int kCount = 50;
  std::atomic<int> committed{0};
  for (int i = 0; i < kCount; ++i)
    store().write(
        [i](Txn& txn) { txn.insert("acct_a", record("customer", "cus_" + std::to_string(i), 1)); },
        [&](CommitStatus s) {
          if (s == CommitStatus::kCommitted) ++committed;
        });
  store().stop();
  EXPECT_EQ(committed.load(), kCount);
  EXPECT_EQ(store().writes(), static_cast<std::size_t>(kCount));
}

TEST_F(GroupCommitTest, WriteAfterStopFails) {
  store().stop();
  bool ran = false;
  EXPECT_EQ(store().write_sync([&](Txn&) { ran = true; }), CommitStatus::kFailed);
  EXPECT_FALSE(ran);
}

// store.h promises that an exception from a write fn, any exception, rolls back that write and
// reports kFailed. The child process opens a store in `dir` and exits 0 when it saw kFailed.
int exit_code_after_throwing_write(const std::string& path) {
  CommitStatus status = CommitStatus::kCommitted;
  {
    auto store = SqliteStore::open(path);
    status = store->write_sync([](Txn&) { throw 42; });
    store->stop();
  }
  return status == CommitStatus::kFailed ? 0 : 1;
}

TEST(GroupCommitDeathTest, ANonStdExceptionIsReportedAsFailed) {
  testutil::TempDir dir;  // made before the fork, so the parent removes it whatever happens
  EXPECT_EXIT(std::exit(exit_code_after_throwing_write(dir.file("intentd.db"))),
              ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace intentd::store
