// The storage interface domain code sees: a Store runs read transactions on the caller's
// thread and write transactions on its group-commit writer; a Txn loads and saves objects.
// No SQL leaves store/; every row is keyed first by the account it belongs to.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace intentd::store {

// (field, value) pairs that list filters look up, e.g. {"email", "a@b.c"}.
using Lookups = std::vector<std::pair<std::string, std::string>>;

// One API object as stored: its rendered JSON plus the columns that lists need.
struct Record {
  std::string type;  // Stripe's object name, e.g. "customer"
  std::string id;
  int64_t created = 0;
  boost::json::object data;
  Lookups lookups;  // rewritten on every update
  // State the API never shows. On update, nullopt leaves what is stored alone.
  std::optional<boost::json::object> internal;
  // When not empty, the object's JSON text, written instead of serializing `data` (for writers
  // that have the text already, or would otherwise copy a large object into `data`).
  std::string data_text;
};

struct CreatedRange {
  int64_t gte = INT64_MIN;
  int64_t lte = INT64_MAX;
};

// A filter on one lookup field: objects whose `field` has one of `values`.
struct LookupFilter {
  std::string field;
  std::vector<std::string> values;
};

// A keyset page over one type, newest first (created, then insertion order).
struct ListQuery {
  std::string type;
  std::optional<LookupFilter> lookup;
  // Further conditions checked on each object; the scan goes on until the page is full.
  std::function<bool(const boost::json::object&)> keep;
  CreatedRange created;
  std::string starting_after;  // an id; at most one of the two cursors is set
  std::string ending_before;
  int limit = 10;
};

struct Page {
  std::vector<boost::json::object> data;
  bool has_more = false;
};

struct IdempotencyRecord {
  std::string key;
  std::string method;
  std::string path;
  std::string params_hash;
  int status = 0;
  std::string body;
  int64_t created = 0;
};

// A unit of durable scheduled work. `payload` is JSON the job's handler understands.
struct Job {
  int64_t id = 0;  // assigned by enqueue_job
  std::string account;
  std::string kind;  // e.g. "webhook.deliver"
  std::string payload;
  int64_t due_ms = 0;
  int attempts = 0;
};

// One try at delivering an event to a webhook endpoint or event destination.
struct DeliveryAttempt {
  std::string account;
  std::string event_id;
  std::string destination;  // we_… or ed_…
  int attempt = 0;          // 1 for the first try
  int64_t at_ms = 0;
  int status_code = 0;  // 0: no HTTP response (refused, timed out, ...)
  std::string error;
  int64_t latency_ms = 0;
  std::string response_head;  // the first bytes of the response body
};

enum class KeyKind { kSecret, kPublishable };

struct ApiKey {
  std::string account;
  std::string secret;
  KeyKind kind = KeyKind::kSecret;
  int64_t created = 0;
};

class ReadTxn {
 public:
  virtual ~ReadTxn() = default;

  virtual std::optional<boost::json::object> get(std::string_view account, std::string_view type,
                                                 std::string_view id) = 0;
  // The internal state stored beside an object (empty when it has none); nullopt when the
  // object does not exist.
  virtual std::optional<boost::json::object> get_internal(std::string_view account,
                                                          std::string_view type,
                                                          std::string_view id) = 0;
  // Whether the account has an object with `id`, of any type (ids are unique per account;
  // callers that accept ids chosen by the client check this before inserting).
  virtual bool has_id(std::string_view account, std::string_view id) = 0;
  // The stored JSON text of an object, for callers that only pass it on.
  virtual std::optional<std::string> get_raw(std::string_view account, std::string_view type,
                                             std::string_view id) = 0;
  // nullopt when a cursor names an object that does not exist.
  virtual std::optional<Page> list(std::string_view account, const ListQuery& query) = 0;
  virtual std::optional<IdempotencyRecord> idempotency(std::string_view account,
                                                       std::string_view key) = 0;
  virtual std::vector<ApiKey> api_keys() = 0;
  virtual int count_jobs(std::string_view account, std::string_view kind) = 0;
  // When the earliest job not under a claim is due; nullopt when there is none.
  virtual std::optional<int64_t> next_job_due_ms(int64_t now_ms) = 0;
  virtual std::vector<DeliveryAttempt> delivery_attempts(std::string_view account,
                                                         std::string_view event_id) = 0;
};

class Txn : public ReadTxn {
 public:
  virtual void insert(std::string_view account, const Record& record) = 0;
  // Replaces data and lookups of an existing object; created never changes.
  virtual void update(std::string_view account, const Record& record) = 0;
  virtual bool erase(std::string_view account, std::string_view type, std::string_view id) = 0;
  // Adds `delta` to the integer at `json_path` ("$.pending_webhooks") of an object, never
  // going below zero, without rewriting the rest; nullopt when there is no such object.
  virtual std::optional<int64_t> add_to_counter(std::string_view account, std::string_view type,
                                                std::string_view id, std::string_view json_path,
                                                int64_t delta) = 0;
  // Sets the object's lookup `field` to `value`, replacing what it had for that field; an
  // empty `value` removes the field.
  virtual void set_lookup(std::string_view account, std::string_view type, std::string_view id,
                          std::string_view field, std::string_view value) = 0;
  virtual void save_idempotency(std::string_view account, const IdempotencyRecord& record) = 0;
  // Deletes idempotency records created before `cutoff`; returns how many.
  virtual int prune_idempotency(int64_t cutoff) = 0;
  virtual void insert_api_key(const ApiKey& key) = 0;

  // Jobs. A claim is a lease: a job whose claim ran out (a crash) is claimed again.
  virtual int64_t enqueue_job(const Job& job) = 0;
  virtual std::vector<Job> claim_jobs(int64_t now_ms, int64_t lease_until_ms, int limit) = 0;
  virtual void finish_job(int64_t id) = 0;
  virtual void reschedule_job(int64_t id, int64_t due_ms, int attempts) = 0;
  virtual void release_job_claims() = 0;
  virtual void record_attempt(const DeliveryAttempt& attempt) = 0;
  // Erases up to `limit` objects of `type` created before `cutoff` (seconds); returns how many.
  virtual int erase_created_before(std::string_view account, std::string_view type, int64_t cutoff,
                                   int limit) = 0;

  // Nested savepoints so one operation's changes can be undone inside the batch.
  virtual void savepoint() = 0;
  virtual void rollback_to_savepoint() = 0;
  virtual void release_savepoint() = 0;
};

// Runs f() inside a savepoint; when f's Result/Status is an error, or f throws, everything
// f wrote is rolled back and the rest of the transaction is untouched.
template <class F>
auto atomically(Txn& txn, F&& f) -> decltype(f()) {
  txn.savepoint();
  try {
    auto r = f();
    if (!r.ok()) txn.rollback_to_savepoint();
    txn.release_savepoint();
    return r;
  } catch (...) {
    txn.rollback_to_savepoint();
    txn.release_savepoint();
    throw;
  }
}

enum class CommitStatus { kCommitted, kFailed };

class Store {
 public:
  using ReadFn = std::function<void(ReadTxn&)>;
  using WriteFn = std::function<void(Txn&)>;
  // Called on the writer thread once the batch holding the write is durable, or has failed.
  using DoneFn = std::function<void(CommitStatus)>;

  virtual ~Store() = default;

  // Runs fn in a consistent read-only snapshot on the calling thread.
  virtual void read(const ReadFn& fn) = 0;
  // Queues fn for the writer. It runs in its own savepoint inside a batch that commits once;
  // an exception from fn rolls back fn alone and reports kFailed.
  virtual void write(WriteFn fn, DoneFn done) = 0;
  // Runs fn as a write and waits for its commit; for start-up and tools, not for requests.
  CommitStatus write_sync(WriteFn fn);
  // Finishes queued writes and stops the writer; later writes fail.
  virtual void stop() = 0;
  // Called after a commit that enqueued jobs (on the writer thread; keep it short).
  virtual void on_jobs_enqueued(std::function<void()> listener) = 0;
};

}  // namespace intentd::store
