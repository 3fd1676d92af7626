// SqliteStore is the embedded Store: one SQLite file in WAL mode with synchronous=FULL, a
// group-commit writer for durable batched writes, a pool of read-only connections for
// snapshots, and a background checkpointer so the writer never stops to copy the WAL.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/group_commit.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_txn.h"
#include "store/store.h"

namespace intentd::store {

class SqliteStore final : public Store {
 public:
  struct Options {
    std::size_t max_batch = 512;
    int writer_cache_mib = 64;
    int reader_cache_mib = 8;
    int checkpoint_pages = 4000;  // WAL size that wakes the checkpointer
    // Where insertion order (the tie-break within one second) starts after a restart.
    const Clock* clock = &system_clock();
  };

  // Opens (creating if needed) and migrates the database at `path`. Throws SqliteError.
  static std::unique_ptr<SqliteStore> open(const std::string& path, Options options);
  static std::unique_ptr<SqliteStore> open(const std::string& path) { return open(path, {}); }
  ~SqliteStore() override;

  void read(const ReadFn& fn) override;
  void write(WriteFn fn, DoneFn done) override;
  void stop() override;
  void on_jobs_enqueued(std::function<void()> listener) override;

  std::size_t batches() const { return writer_->batches(); }
  std::size_t writes() const { return writer_->writes(); }

 private:
  SqliteStore(std::string path, Options options);

  std::unique_ptr<Connection> acquire_reader();
  void release_reader(std::unique_ptr<Connection> conn);
  void checkpoint_loop();
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int pages);

  std::string path_;
  Options options_;
  SequenceSource seq_{*options_.clock};
  std::unique_ptr<Connection> write_db_;
  std::unique_ptr<GroupCommitWriter> writer_;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_;  // idle connections; guarded

  std::mutex ckpt_running_;  // held while a checkpoint runs, by either thread
  std::mutex ckpt_mu_;
  std::condition_variable ckpt_cv_;
  bool ckpt_wanted_ = false;    // guarded by ckpt_mu_
  bool ckpt_stopping_ = false;  // guarded by ckpt_mu_
  std::thread checkpointer_;
  bool stopped_ = false;
};

}  // namespace intentd::store
