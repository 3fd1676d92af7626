#include "store/sqlite_store.h"

#include <spdlog/spdlog.h>

#include <future>

#include "store/migrations.h"
#include "util/thread_name.h"

namespace intentd::store {

CommitStatus Store::write_sync(WriteFn fn) {
  std::promise<CommitStatus> done;
  auto result = done.get_future();
  write(std::move(fn), [&done](CommitStatus s) { done.set_value(s); });
  return result.get();
}

SqliteStore::SqliteStore(std::string path, Options options)
    : path_(std::move(path)), options_(options) {}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, Options options) {
  std::unique_ptr<SqliteStore> s(new SqliteStore(path, options));
  s->write_db_ = std::make_unique<Connection>(path, Connection::Mode::kReadWrite);
  Connection& db = *s->write_db_;
  db.exec("PRAGMA page_size = 8192");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  // Each write runs in its own SAVEPOINT, whose undo journal would otherwise be a temporary
  // file written page by page: keep it in memory.
  db.exec("PRAGMA temp_store = MEMORY");
  // Checkpoints run on their own thread (see checkpoint_loop), never inside a commit.
  db.exec("PRAGMA wal_autocheckpoint = 0");
  // Once a checkpoint lets the writer restart the WAL, the file is cut back to this size.
  db.exec("PRAGMA journal_size_limit = 67108864");
  std::string cache = "PRAGMA cache_size = -" + std::to_string(options.writer_cache_mib * 1024);
  db.exec(cache.c_str());
  migrate(db);
  sqlite3_wal_hook(db.handle(), &SqliteStore::on_wal_commit, s.get());
  s->writer_ = std::make_unique<GroupCommitWriter>(db, s->seq_,
                                                   GroupCommitWriter::Options{options.max_batch});
  s->checkpointer_ = std::thread([p = s.get()] {
    util::name_this_thread("checkpoint");
    p->checkpoint_loop();
  });
  return s;
}

SqliteStore::~SqliteStore() {
  stop();
}

void SqliteStore::stop() {
  if (stopped_) return;
  stopped_ = true;
  writer_->stop();
  {
    std::lock_guard lock(ckpt_mu_);
    ckpt_stopping_ = true;
    ckpt_cv_.notify_one();
  }
  if (checkpointer_.joinable()) checkpointer_.join();
  // A last checkpoint leaves a small WAL behind for the next start.
  try {
    write_db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception& e) {
    spdlog::warn("final checkpoint: {}", e.what());
  }
}

std::unique_ptr<Connection> SqliteStore::acquire_reader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!readers_.empty()) {
      auto c = std::move(readers_.back());
      readers_.pop_back();
      return c;
    }
  }
  auto c = std::make_unique<Connection>(path_, Connection::Mode::kReadOnly);
  std::string cache = "PRAGMA cache_size = -" + std::to_string(options_.reader_cache_mib * 1024);
  c->exec(cache.c_str());
  return c;
}

void SqliteStore::release_reader(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(readers_mu_);
  readers_.push_back(std::move(conn));
}

void SqliteStore::read(const ReadFn& fn) {
  auto conn = acquire_reader();
  SqliteTxn txn(*conn, nullptr);
  conn->prepare("BEGIN")->run();
  try {
    fn(txn);
  } catch (...) {
    conn->prepare("ROLLBACK")->run();
    release_reader(std::move(conn));
    throw;
  }
  conn->prepare("COMMIT")->run();
  release_reader(std::move(conn));
}

void SqliteStore::on_jobs_enqueued(std::function<void()> listener) {
  writer_->on_jobs_enqueued(std::move(listener));
}

void SqliteStore::write(WriteFn fn, DoneFn done) {
  writer_->submit(std::move(fn), std::move(done));
}

int SqliteStore::on_wal_commit(void* self, sqlite3* db, const char* name, int pages) {
  // Runs on the writer thread right after a commit. Most checkpointing happens on the
  // background thread (PASSIVE, never blocking the writer), but under steady writes PASSIVE
  // never reaches the end of the log, and the log only starts over from the top after a
  // checkpoint that did. So once it has grown past twice the threshold, the writer itself
  // finishes the job between two batches (RESTART), unless the background thread is busy.
  auto* s = static_cast<SqliteStore*>(self);
  if (pages >= 2 * s->options_.checkpoint_pages) {
    std::unique_lock running(s->ckpt_running_, std::try_to_lock);
    if (running.owns_lock()) {
      int log = 0, done = 0;
      int rc = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_RESTART, &log, &done);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        spdlog::warn("checkpoint (restart): {}", sqlite3_errstr(rc));
      return SQLITE_OK;
    }
  }
  if (pages >= s->options_.checkpoint_pages) {
    std::lock_guard lock(s->ckpt_mu_);
    s->ckpt_wanted_ = true;
    s->ckpt_cv_.notify_one();
  }
  return SQLITE_OK;
}

void SqliteStore::checkpoint_loop() {
  std::unique_ptr<Connection> db;
  for (;;) {
    {
      std::unique_lock lock(ckpt_mu_);
      ckpt_cv_.wait(lock, [this] { return ckpt_wanted_ || ckpt_stopping_; });
      if (ckpt_stopping_) return;
      ckpt_wanted_ = false;
    }
    try {
      if (!db) {
        db = std::make_unique<Connection>(path_, Connection::Mode::kReadWrite);
        // A connection that has never read the database does not know it is in WAL mode,
        // and its checkpoints silently do nothing.
        db->exec("SELECT 1 FROM sqlite_master LIMIT 1");
      }
      // PASSIVE copies what no reader still needs and never blocks the writer.
      std::lock_guard running(ckpt_running_);
      int log = 0, done = 0;
      int rc =
          sqlite3_wal_checkpoint_v2(db->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) throw_sqlite(db->handle(), rc, "checkpoint");
    } catch (const std::exception& e) {
      spdlog::warn("checkpoint: {}", e.what());
    }
  }
}

}  // namespace intentd::store
