#include "store/sqlite_txn.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

namespace intentd::store {
namespace json = boost::json;
namespace {

json::object parse_object(std::string_view text) {
  return json::parse(text).as_object();
}

std::string_view kind_name(KeyKind k) {
  switch (k) {
    case KeyKind::kSecret:
      return "secret";
    case KeyKind::kPublishable:
      return "publishable";
  }
  return "secret";
}

}  // namespace

int64_t SequenceSource::next() {
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  int64_t prev = last_.load(std::memory_order_relaxed);
  int64_t next;
  do {
    next = std::max(now, prev + 1);
  } while (!last_.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  return next;
}

std::optional<json::object> SqliteTxn::get(std::string_view account, std::string_view type,
                                           std::string_view id) {
  auto st = db_.prepare("SELECT data FROM objects WHERE account = ?1 AND id = ?2 AND type = ?3");
  st->bind(1, account).bind(2, id).bind(3, type);
  if (!st->step()) return std::nullopt;
  return parse_object(st->column_text(0));
}

std::optional<SqliteTxn::Position> SqliteTxn::position(std::string_view account,
                                                       std::string_view type, std::string_view id) {
  auto st =
      db_.prepare("SELECT created, seq FROM objects WHERE account = ?1 AND id = ?2 AND type = ?3");
  st->bind(1, account).bind(2, id).bind(3, type);
  if (!st->step()) return std::nullopt;
  return Position{st->column_int(0), st->column_int(1)};
}

std::optional<Page> SqliteTxn::list(std::string_view account, const ListQuery& q) {
  // Keyset pagination: the cursor's (created, seq) bounds the scan, so a page costs the same
  // however many rows precede it. Forward pages walk the index downwards; ending_before walks
  // upwards from the cursor and the page is reversed afterwards.
  const bool backwards = !q.ending_before.empty();
  Position bound = backwards ? Position{INT64_MIN, INT64_MIN} : Position{INT64_MAX, INT64_MAX};
  const std::string& cursor = backwards ? q.ending_before : q.starting_after;
  if (!cursor.empty()) {
    auto p = position(account, q.type, cursor);
    if (!p) return std::nullopt;
    bound = *p;
  }

  static const char* kForward =
      "SELECT data FROM objects WHERE account = ?1 AND type = ?2 AND created >= ?3 AND "
      "created <= ?4 AND (created, seq) < (?5, ?6) ORDER BY created DESC, seq DESC LIMIT ?7";
  static const char* kBackward =
      "SELECT data FROM objects WHERE account = ?1 AND type = ?2 AND created >= ?3 AND "
      "created <= ?4 AND (created, seq) > (?5, ?6) ORDER BY created ASC, seq ASC LIMIT ?7";
  static const char* kLookupForward =
      "SELECT o.data FROM lookups l JOIN objects o ON o.account = l.account AND o.id = l.id "
      "WHERE l.account = ?1 AND l.type = ?2 AND l.created >= ?3 AND l.created <= ?4 AND "
      "(l.created, l.seq) < (?5, ?6) AND l.field = ?8 AND l.value = ?9 "
      "ORDER BY l.created DESC, l.seq DESC LIMIT ?7";
  static const char* kLookupBackward =
      "SELECT o.data FROM lookups l JOIN objects o ON o.account = l.account AND o.id = l.id "
      "WHERE l.account = ?1 AND l.type = ?2 AND l.created >= ?3 AND l.created <= ?4 AND "
      "(l.created, l.seq) > (?5, ?6) AND l.field = ?8 AND l.value = ?9 "
      "ORDER BY l.created ASC, l.seq ASC LIMIT ?7";
  const char* sql = q.lookup ? (backwards ? kLookupBackward : kLookupForward)
                             : (backwards ? kBackward : kForward);
  auto st = db_.prepare(sql);
  st->bind(1, account)
      .bind(2, q.type)
      .bind(3, q.created.gte)
      .bind(4, q.created.lte)
      .bind(5, bound.created)
      .bind(6, bound.seq)
      .bind(7, static_cast<int64_t>(q.limit) + 1);
  if (q.lookup) st->bind(8, q.lookup->first).bind(9, q.lookup->second);

  Page page;
  while (st->step()) {
    if (static_cast<int>(page.data.size()) == q.limit) {
      page.has_more = true;
      break;
    }
    page.data.push_back(parse_object(st->column_text(0)));
  }
  if (backwards) std::reverse(page.data.begin(), page.data.end());
  return page;
}

std::optional<IdempotencyRecord> SqliteTxn::idempotency(std::string_view account,
                                                        std::string_view key) {
  auto st = db_.prepare(
      "SELECT method, path, params_hash, status, body, created FROM idempotency "
      "WHERE account = ?1 AND key = ?2");
  st->bind(1, account).bind(2, key);
  if (!st->step()) return std::nullopt;
  IdempotencyRecord r;
  r.key = std::string(key);
  r.method = std::string(st->column_text(0));
  r.path = std::string(st->column_text(1));
  r.params_hash = std::string(st->column_text(2));
  r.status = static_cast<int>(st->column_int(3));
  r.body = std::string(st->column_text(4));
  r.created = st->column_int(5);
  return r;
}

std::vector<ApiKey> SqliteTxn::api_keys() {
  auto st = db_.prepare("SELECT account, secret, kind, created FROM api_keys");
  std::vector<ApiKey> keys;
  while (st->step()) {
    ApiKey k;
    k.account = std::string(st->column_text(0));
    k.secret = std::string(st->column_text(1));
    k.kind = st->column_text(2) == "publishable" ? KeyKind::kPublishable : KeyKind::kSecret;
    k.created = st->column_int(3);
    keys.push_back(std::move(k));
  }
  return keys;
}

void SqliteTxn::insert(std::string_view account, const Record& r) {
  const int64_t seq = seq_->next();
  const std::string data = json::serialize(r.data);
  auto st = db_.prepare(
      "INSERT INTO objects (account, id, type, created, seq, data) VALUES (?1, ?2, ?3, ?4, ?5, "
      "?6)");
  st->bind(1, account).bind(2, r.id).bind(3, r.type).bind(4, r.created).bind(5, seq).bind(6, data);
  st->run();
  write_lookups(account, r, seq);
}

void SqliteTxn::update(std::string_view account, const Record& r) {
  auto pos = position(account, r.type, r.id);
  if (!pos) throw SqliteError(SQLITE_NOTFOUND, "update of a missing object " + r.id);
  const std::string data = json::serialize(r.data);
  {
    auto st = db_.prepare("UPDATE objects SET data = ?3 WHERE account = ?1 AND id = ?2");
    st->bind(1, account).bind(2, r.id).bind(3, data);
    st->run();
  }
  erase_lookups(account, r.id);
  write_lookups(account, Record{r.type, r.id, pos->created, {}, r.lookups}, pos->seq);
}

bool SqliteTxn::erase(std::string_view account, std::string_view type, std::string_view id) {
  auto st = db_.prepare("DELETE FROM objects WHERE account = ?1 AND id = ?2 AND type = ?3");
  st->bind(1, account).bind(2, id).bind(3, type);
  st->run();
  if (db_.changes() == 0) return false;
  erase_lookups(account, id);
  return true;
}

void SqliteTxn::write_lookups(std::string_view account, const Record& r, int64_t seq) {
  for (const auto& [field, value] : r.lookups) {
    auto st = db_.prepare(
        "INSERT INTO lookups (account, type, field, value, created, seq, id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st->bind(1, account)
        .bind(2, r.type)
        .bind(3, field)
        .bind(4, value)
        .bind(5, r.created)
        .bind(6, seq)
        .bind(7, r.id);
    st->run();
  }
}

void SqliteTxn::erase_lookups(std::string_view account, std::string_view id) {
  auto st = db_.prepare("DELETE FROM lookups WHERE account = ?1 AND id = ?2");
  st->bind(1, account).bind(2, id);
  st->run();
}

void SqliteTxn::save_idempotency(std::string_view account, const IdempotencyRecord& r) {
  auto st = db_.prepare(
      "INSERT OR REPLACE INTO idempotency (account, key, method, path, params_hash, status, "
      "body, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st->bind(1, account)
      .bind(2, r.key)
      .bind(3, r.method)
      .bind(4, r.path)
      .bind(5, r.params_hash)
      .bind(6, static_cast<int64_t>(r.status))
      .bind(7, r.body)
      .bind(8, r.created);
  st->run();
}

int SqliteTxn::prune_idempotency(int64_t cutoff) {
  auto st = db_.prepare("DELETE FROM idempotency WHERE created < ?1");
  st->bind(1, cutoff);
  st->run();
  return db_.changes();
}

void SqliteTxn::insert_api_key(const ApiKey& k) {
  auto st = db_.prepare(
      "INSERT OR IGNORE INTO api_keys (account, secret, kind, created) VALUES (?1, ?2, ?3, ?4)");
  st->bind(1, k.account).bind(2, k.secret).bind(3, kind_name(k.kind)).bind(4, k.created);
  st->run();
}

void SqliteTxn::savepoint() {
  db_.prepare("SAVEPOINT op")->run();
}
void SqliteTxn::rollback_to_savepoint() {
  db_.prepare("ROLLBACK TO op")->run();
}
void SqliteTxn::release_savepoint() {
  db_.prepare("RELEASE op")->run();
}

}  // namespace intentd::store
