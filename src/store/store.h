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
};

struct CreatedRange {
  int64_t gte = INT64_MIN;
  int64_t lte = INT64_MAX;
};

// A keyset page over one type, newest first (created, then insertion order).
struct ListQuery {
  std::string type;
  std::optional<std::pair<std::string, std::string>> lookup;  // filter on one lookup field
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
  // nullopt when a cursor names an object that does not exist.
  virtual std::optional<Page> list(std::string_view account, const ListQuery& query) = 0;
  virtual std::optional<IdempotencyRecord> idempotency(std::string_view account,
                                                       std::string_view key) = 0;
  virtual std::vector<ApiKey> api_keys() = 0;
};

class Txn : public ReadTxn {
 public:
  virtual void insert(std::string_view account, const Record& record) = 0;
  // Replaces data and lookups of an existing object; created never changes.
  virtual void update(std::string_view account, const Record& record) = 0;
  virtual bool erase(std::string_view account, std::string_view type, std::string_view id) = 0;
  virtual void save_idempotency(std::string_view account, const IdempotencyRecord& record) = 0;
  // Deletes idempotency records created before `cutoff`; returns how many.
  virtual int prune_idempotency(int64_t cutoff) = 0;
  virtual void insert_api_key(const ApiKey& key) = 0;

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
};

}  // namespace intentd::store
