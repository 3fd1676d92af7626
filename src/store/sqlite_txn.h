// SqliteTxn implements Txn over one SQLite connection. The caller owns BEGIN/COMMIT: the
// group-commit writer for writes, SqliteStore::read for snapshots.
#pragma once

#include <atomic>

#include "base/clock.h"
#include "store/sqlite_connection.h"
#include "store/store.h"

namespace intentd::store {

// Hands out insertion-order numbers: the injected clock's time in nanoseconds, forced strictly
// upward, so order survives restarts without a counter row that every write would update.
class SequenceSource {
 public:
  explicit SequenceSource(const Clock& clock) : clock_(clock) {}
  int64_t next();

 private:
  const Clock& clock_;
  std::atomic<int64_t> last_{0};
};

class SqliteTxn final : public Txn {
 public:
  SqliteTxn(Connection& db, SequenceSource* seq) : db_(db), seq_(seq) {}

  std::optional<boost::json::object> get(std::string_view account, std::string_view type,
                                         std::string_view id) override;
  std::optional<std::string> get_raw(std::string_view account, std::string_view type,
                                     std::string_view id) override;
  bool has_id(std::string_view account, std::string_view id) override;
  std::optional<boost::json::object> get_internal(std::string_view account, std::string_view type,
                                                  std::string_view id) override;
  std::optional<Page> list(std::string_view account, const ListQuery& query) override;
  std::optional<IdempotencyRecord> idempotency(std::string_view account,
                                               std::string_view key) override;
  std::vector<ApiKey> api_keys() override;
  std::optional<int64_t> next_job_due_ms(int64_t now_ms) override;
  int count_jobs(std::string_view account, std::string_view kind) override;
  std::vector<DeliveryAttempt> delivery_attempts(std::string_view account,
                                                 std::string_view event_id) override;

  void insert(std::string_view account, const Record& record) override;
  void update(std::string_view account, const Record& record) override;
  bool erase(std::string_view account, std::string_view type, std::string_view id) override;
  std::optional<int64_t> add_to_counter(std::string_view account, std::string_view type,
                                        std::string_view id, std::string_view json_path,
                                        int64_t delta) override;
  void set_lookup(std::string_view account, std::string_view type, std::string_view id,
                  std::string_view field, std::string_view value) override;
  void save_idempotency(std::string_view account, const IdempotencyRecord& record) override;
  int prune_idempotency(int64_t cutoff) override;
  void insert_api_key(const ApiKey& key) override;
  int64_t enqueue_job(const Job& job) override;
  std::vector<Job> claim_jobs(int64_t now_ms, int64_t lease_until_ms, int limit) override;
  void finish_job(int64_t id) override;
  void reschedule_job(int64_t id, int64_t due_ms, int attempts) override;
  void release_job_claims() override;
  void record_attempt(const DeliveryAttempt& attempt) override;
  int erase_created_before(std::string_view account, std::string_view type, int64_t cutoff,
                           int limit) override;

  // Whether this transaction enqueued a job (the writer wakes the job runner after commit).
  bool enqueued_jobs() const { return enqueued_jobs_; }

  void savepoint() override;
  void rollback_to_savepoint() override;
  void release_savepoint() override;

 private:
  // Where an object sits in the list order, and the lookup rows it owns.
  struct Position {
    int64_t created;
    int64_t seq;
    int64_t rid;  // the row
    std::string lookups;
  };
  std::optional<Position> position(std::string_view account, std::string_view type,
                                   std::string_view id);
  void write_lookups(std::string_view account, std::string_view type, const Lookups& lookups,
                     const Position& pos);
  void erase_lookups(std::string_view account, std::string_view type, const Lookups& lookups,
                     const Position& pos);
  // Rewrites the object's lookup rows from `old` to `now`, touching only what differs.
  void replace_lookups(std::string_view account, std::string_view type, const Position& pos,
                       const Lookups& now);
  // Runs `sql` (binding ?1..?7 as account, type, field, value, created, seq, rid) per lookup.
  void for_each_lookup(const char* sql, std::string_view account, std::string_view type,
                       const Lookups& lookups, const Position& pos);

  Connection& db_;
  SequenceSource* seq_;
  bool enqueued_jobs_ = false;
};

}  // namespace intentd::store
