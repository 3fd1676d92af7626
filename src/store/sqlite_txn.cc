#include "store/sqlite_txn.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <unordered_set>

#include "base/json_text.h"

namespace intentd::store {
namespace json = boost::json;
namespace {

json::object parse_object(std::string_view text) {
  json::value v = json::parse(text);
  return std::move(v.as_object());
}

// Lookups live beside the object as [["field","value"],...] so they can be deleted exactly.
std::string encode_lookups(const Lookups& lookups) {
  json::array a;
  for (const auto& [field, value] : lookups)
    a.push_back(json::array{json::string(field), json::string(value)});
  return json_text(a);
}

Lookups decode_lookups(std::string_view text) {
  Lookups out;
  const json::value parsed = json::parse(text);
  for (const auto& pair : parsed.as_array()) {
    const auto& p = pair.as_array();
    out.emplace_back(p.at(0).as_string(), p.at(1).as_string());
  }
  return out;
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
  const int64_t now = clock_.now_ms() * 1'000'000;
  int64_t prev = last_.load(std::memory_order_relaxed);
  int64_t next;
  do {
    next = std::max(now, prev + 1);
  } while (!last_.compare_exchange_weak(prev, next, std::memory_order_relaxed));
  return next;
}

std::optional<std::string> SqliteTxn::get_raw(std::string_view account, std::string_view type,
                                              std::string_view id) {
  auto st = db_.prepare("SELECT data FROM objects WHERE account = ?1 AND id = ?2 AND type = ?3");
  st->bind(1, account).bind(2, id).bind(3, type);
  if (!st->step()) return std::nullopt;
  return std::string(st->column_text(0));
}

bool SqliteTxn::has_id(std::string_view account, std::string_view id) {
  auto st = db_.prepare("SELECT 1 FROM objects WHERE account = ?1 AND id = ?2");
  st->bind(1, account).bind(2, id);
  return st->step();
}

std::optional<json::object> SqliteTxn::get_internal(std::string_view account, std::string_view type,
                                                    std::string_view id) {
  auto st =
      db_.prepare("SELECT internal FROM objects WHERE account = ?1 AND id = ?2 AND type = ?3");
  st->bind(1, account).bind(2, id).bind(3, type);
  if (!st->step()) return std::nullopt;
  if (st->column_is_null(0)) return json::object();
  return parse_object(st->column_text(0));
}

std::optional<json::object> SqliteTxn::get(std::string_view account, std::string_view type,
                                           std::string_view id) {
  auto raw = get_raw(account, type, id);
  if (!raw) return std::nullopt;
  return parse_object(*raw);
}

std::optional<SqliteTxn::Position> SqliteTxn::position(std::string_view account,
                                                       std::string_view type, std::string_view id) {
  auto st = db_.prepare(
      "SELECT created, seq, rid, lookups FROM objects WHERE account = ?1 AND id = ?2 AND "
      "type = ?3");
  st->bind(1, account).bind(2, id).bind(3, type);
  if (!st->step()) return std::nullopt;
  return Position{st->column_int(0), st->column_int(1), st->column_int(2),
                  std::string(st->column_text(3))};
}

std::optional<Page> SqliteTxn::list(std::string_view account, const ListQuery& q) {
  // Keyset pagination: the page is the index range between two (created, seq) keys, so it
  // costs the same however many rows come before the cursor. Both bounds are row values so
  // SQLite seeks straight to them. Forward pages walk the range downwards (newest first);
  // ending_before walks upwards from the cursor and the page is reversed afterwards.
  using Key = std::pair<int64_t, int64_t>;
  Key lo{q.created.gte, INT64_MIN};
  Key hi{q.created.lte, INT64_MAX};
  const bool backwards = !q.ending_before.empty();
  const std::string& cursor = backwards ? q.ending_before : q.starting_after;
  if (!cursor.empty()) {
    auto p = position(account, q.type, cursor);
    if (!p) return std::nullopt;
    if (backwards)
      lo = std::max(lo, Key{p->created, p->seq + 1});
    else
      hi = std::min(hi, Key{p->created, p->seq - 1});
  }

  static const char* kDown =
      "SELECT rid, data FROM objects WHERE account = ?1 AND type = ?2 AND (created, seq) >= (?3, "
      "?4) "
      "AND (created, seq) <= (?5, ?6) ORDER BY created DESC, seq DESC LIMIT ?7";
  static const char* kUp =
      "SELECT rid, data FROM objects WHERE account = ?1 AND type = ?2 AND (created, seq) >= (?3, "
      "?4) "
      "AND (created, seq) <= (?5, ?6) ORDER BY created ASC, seq ASC LIMIT ?7";
  static const char* kLookupDown =
      "SELECT o.rid, o.data FROM lookups l JOIN objects o ON o.rid = l.rid WHERE l.account = ?1 "
      "AND "
      "l.type = ?2 AND l.field = ?8 AND l.value = ?9 AND (l.created, l.seq) >= (?3, ?4) AND "
      "(l.created, l.seq) <= (?5, ?6) ORDER BY l.created DESC, l.seq DESC LIMIT ?7";
  static const char* kLookupUp =
      "SELECT o.rid, o.data FROM lookups l JOIN objects o ON o.rid = l.rid WHERE l.account = ?1 "
      "AND "
      "l.type = ?2 AND l.field = ?8 AND l.value = ?9 AND (l.created, l.seq) >= (?3, ?4) AND "
      "(l.created, l.seq) <= (?5, ?6) ORDER BY l.created ASC, l.seq ASC LIMIT ?7";
  // Several values: one range per value, merged by SQLite's sorter.
  static const char* kAnyOfDown =
      "SELECT o.rid, o.data FROM lookups l JOIN objects o ON o.rid = l.rid WHERE l.account = ?1 "
      "AND "
      "l.type = ?2 AND l.field = ?8 AND l.value IN (SELECT value FROM json_each(?9)) AND "
      "(l.created, l.seq) >= (?3, ?4) AND (l.created, l.seq) <= (?5, ?6) "
      "ORDER BY l.created DESC, l.seq DESC LIMIT ?7";
  static const char* kAnyOfUp =
      "SELECT o.rid, o.data FROM lookups l JOIN objects o ON o.rid = l.rid WHERE l.account = ?1 "
      "AND "
      "l.type = ?2 AND l.field = ?8 AND l.value IN (SELECT value FROM json_each(?9)) AND "
      "(l.created, l.seq) >= (?3, ?4) AND (l.created, l.seq) <= (?5, ?6) "
      "ORDER BY l.created ASC, l.seq ASC LIMIT ?7";
  const char* sql = backwards ? kUp : kDown;
  std::string any_of;
  if (q.lookup && q.lookup->values.size() == 1) {
    sql = backwards ? kLookupUp : kLookupDown;
  } else if (q.lookup) {
    sql = backwards ? kAnyOfUp : kAnyOfDown;
    json::array values;
    for (const auto& v : q.lookup->values) values.emplace_back(json::string(v));
    any_of = json_text(values);
  }
  auto st = db_.prepare(sql);
  st->bind(1, account)
      .bind(2, q.type)
      .bind(3, lo.first)
      .bind(4, lo.second)
      .bind(5, hi.first)
      .bind(6, hi.second)
      // With a `keep` condition, or several values (an object may match more than one), the
      // scan cannot know in advance how many rows it needs.
      .bind(7, q.keep || !any_of.empty() ? int64_t{-1} : static_cast<int64_t>(q.limit) + 1);
  if (q.lookup) {
    st->bind(8, q.lookup->field);
    if (any_of.empty())
      st->bind(9, q.lookup->values.front());
    else
      st->bind(9, any_of);
  }

  Page page;
  std::unordered_set<int64_t> seen;
  while (st->step()) {
    const int64_t rid = st->column_int(0);
    if (!any_of.empty() && !seen.insert(rid).second) continue;
    json::object o = parse_object(st->column_text(1));
    if (q.keep && !q.keep(o)) continue;
    if (static_cast<int>(page.data.size()) == q.limit) {
      page.has_more = true;
      break;
    }
    page.data.push_back(std::move(o));
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
  const std::string serialized = r.data_text.empty() ? json_text(r.data) : std::string();
  const std::string& data = r.data_text.empty() ? serialized : r.data_text;
  const std::string lookups = encode_lookups(r.lookups);
  const std::string internal = r.internal ? json_text(*r.internal) : std::string();
  auto st = db_.prepare(
      "INSERT INTO objects (seq, account, id, type, created, lookups, data, internal) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st->bind(1, seq)
      .bind(2, account)
      .bind(3, r.id)
      .bind(4, r.type)
      .bind(5, r.created)
      .bind(6, lookups)
      .bind(7, data);
  if (r.internal)
    st->bind(8, internal);
  else
    st->bind_null(8);
  st->run();
  const Position pos{r.created, seq, sqlite3_last_insert_rowid(db_.handle()), {}};
  write_lookups(account, r.type, r.lookups, pos);
}

void SqliteTxn::update(std::string_view account, const Record& r) {
  auto pos = position(account, r.type, r.id);
  if (!pos) throw SqliteError(SQLITE_NOTFOUND, "update of a missing object " + r.id);
  const std::string serialized = r.data_text.empty() ? json_text(r.data) : std::string();
  const std::string& data = r.data_text.empty() ? serialized : r.data_text;
  {
    auto st = db_.prepare("UPDATE objects SET data = ?2 WHERE rid = ?1");
    st->bind(1, pos->rid).bind(2, data);
    st->run();
  }
  if (r.internal) {
    const std::string internal = json_text(*r.internal);
    auto st = db_.prepare("UPDATE objects SET internal = ?2 WHERE rid = ?1");
    st->bind(1, pos->rid).bind(2, internal);
    st->run();
  }
  replace_lookups(account, r.type, *pos, r.lookups);
}

std::optional<int64_t> SqliteTxn::add_to_counter(std::string_view account, std::string_view type,
                                                 std::string_view id, std::string_view json_path,
                                                 int64_t delta) {
  // (An UPDATE ... RETURNING would build a temporary table each time; two statements are
  // cheaper.)
  {
    auto st = db_.prepare(
        "UPDATE objects SET data = json_set(data, ?4, max(0, coalesce(json_extract(data, ?4), "
        "0) + ?5)) WHERE account = ?1 AND id = ?2 AND type = ?3");
    st->bind(1, account).bind(2, id).bind(3, type).bind(4, json_path).bind(5, delta);
    st->run();
    if (db_.changes() == 0) return std::nullopt;
  }
  auto st = db_.prepare(
      "SELECT json_extract(data, ?4) FROM objects WHERE account = ?1 AND id = ?2 AND type = ?3");
  st->bind(1, account).bind(2, id).bind(3, type).bind(4, json_path);
  if (!st->step()) return std::nullopt;
  return st->column_int(0);
}

void SqliteTxn::set_lookup(std::string_view account, std::string_view type, std::string_view id,
                           std::string_view field, std::string_view value) {
  auto pos = position(account, type, id);
  if (!pos) return;
  Lookups now;
  for (auto& [f, v] : decode_lookups(pos->lookups))
    if (f != field) now.emplace_back(std::move(f), std::move(v));
  if (!value.empty()) now.emplace_back(field, value);
  replace_lookups(account, type, *pos, now);
}

void SqliteTxn::replace_lookups(std::string_view account, std::string_view type,
                                const Position& pos, const Lookups& now) {
  const std::string encoded = encode_lookups(now);
  if (encoded == pos.lookups) return;
  const Lookups old = decode_lookups(pos.lookups);
  auto missing_from = [](const Lookups& from, const Lookups& what) {
    Lookups out;
    for (const auto& p : what)
      if (std::find(from.begin(), from.end(), p) == from.end()) out.push_back(p);
    return out;
  };
  erase_lookups(account, type, missing_from(now, old), pos);
  write_lookups(account, type, missing_from(old, now), pos);
  auto st = db_.prepare("UPDATE objects SET lookups = ?2 WHERE rid = ?1");
  st->bind(1, pos.rid).bind(2, encoded);
  st->run();
}

bool SqliteTxn::erase(std::string_view account, std::string_view type, std::string_view id) {
  auto pos = position(account, type, id);
  if (!pos) return false;
  auto st = db_.prepare("DELETE FROM objects WHERE rid = ?1");
  st->bind(1, pos->rid);
  st->run();
  erase_lookups(account, type, decode_lookups(pos->lookups), *pos);
  return true;
}

void SqliteTxn::write_lookups(std::string_view account, std::string_view type,
                              const Lookups& lookups, const Position& pos) {
  for_each_lookup(
      "INSERT INTO lookups (account, type, field, value, created, seq, rid) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      account, type, lookups, pos);
}

void SqliteTxn::erase_lookups(std::string_view account, std::string_view type,
                              const Lookups& lookups, const Position& pos) {
  for_each_lookup(
      "DELETE FROM lookups WHERE account = ?1 AND type = ?2 AND field = ?3 AND value = ?4 "
      "AND created = ?5 AND seq = ?6 AND rid = ?7",
      account, type, lookups, pos);
}

void SqliteTxn::for_each_lookup(const char* sql, std::string_view account, std::string_view type,
                                const Lookups& lookups, const Position& pos) {
  for (const auto& [field, value] : lookups) {
    auto st = db_.prepare(sql);
    st->bind(1, account)
        .bind(2, type)
        .bind(3, field)
        .bind(4, value)
        .bind(5, pos.created)
        .bind(6, pos.seq)
        .bind(7, pos.rid);
    st->run();
  }
}

void SqliteTxn::save_idempotency(std::string_view account, const IdempotencyRecord& r) {
  // A record past its 24 hours may still be here (pruning is periodic): replace it.
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

std::optional<int64_t> SqliteTxn::next_job_due_ms(int64_t now_ms) {
  auto st =
      db_.prepare("SELECT due_ms FROM jobs WHERE claimed_until_ms <= ?1 ORDER BY due_ms LIMIT 1");
  st->bind(1, now_ms);
  if (!st->step()) return std::nullopt;
  return st->column_int(0);
}

int SqliteTxn::count_jobs(std::string_view account, std::string_view kind) {
  auto st = db_.prepare("SELECT count(*) FROM jobs WHERE account = ?1 AND kind = ?2");
  st->bind(1, account).bind(2, kind);
  st->step();
  return static_cast<int>(st->column_int(0));
}

int SqliteTxn::erase_created_before(std::string_view account, std::string_view type, int64_t cutoff,
                                    int limit) {
  std::vector<std::string> ids;
  {
    auto st = db_.prepare(
        "SELECT id FROM objects WHERE account = ?1 AND type = ?2 AND created < ?3 "
        "ORDER BY created LIMIT ?4");
    st->bind(1, account).bind(2, type).bind(3, cutoff).bind(4, static_cast<int64_t>(limit));
    while (st->step()) ids.emplace_back(st->column_text(0));
  }
  for (const auto& id : ids) erase(account, type, id);
  return static_cast<int>(ids.size());
}

std::vector<DeliveryAttempt> SqliteTxn::delivery_attempts(std::string_view account,
                                                          std::string_view event_id) {
  auto st = db_.prepare(
      "SELECT destination, attempt, at_ms, status_code, error, latency_ms, response_head "
      "FROM webhook_attempts WHERE account = ?1 AND event_id = ?2 ORDER BY rid");
  st->bind(1, account).bind(2, event_id);
  std::vector<DeliveryAttempt> out;
  while (st->step()) {
    DeliveryAttempt a;
    a.account = std::string(account);
    a.event_id = std::string(event_id);
    a.destination = std::string(st->column_text(0));
    a.attempt = static_cast<int>(st->column_int(1));
    a.at_ms = st->column_int(2);
    a.status_code = static_cast<int>(st->column_int(3));
    a.error = std::string(st->column_text(4));
    a.latency_ms = st->column_int(5);
    a.response_head = std::string(st->column_text(6));
    out.push_back(std::move(a));
  }
  return out;
}

int64_t SqliteTxn::enqueue_job(const Job& job) {
  auto st = db_.prepare(
      "INSERT INTO jobs (account, kind, payload, due_ms, attempts, created_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  st->bind(1, job.account)
      .bind(2, job.kind)
      .bind(3, job.payload)
      .bind(4, job.due_ms)
      .bind(5, static_cast<int64_t>(job.attempts))
      .bind(6, job.due_ms);
  st->run();
  enqueued_jobs_ = true;
  return sqlite3_last_insert_rowid(db_.handle());
}

std::vector<Job> SqliteTxn::claim_jobs(int64_t now_ms, int64_t lease_until_ms, int limit) {
  // A read in due order, then one update per job: UPDATE ... RETURNING with a subquery would
  // build two temporary tables per claim, and claims come after almost every batch.
  std::vector<Job> out;
  {
    auto st = db_.prepare(
        "SELECT rid, account, kind, payload, due_ms, attempts FROM jobs "
        "WHERE due_ms <= ?1 AND claimed_until_ms <= ?1 ORDER BY due_ms LIMIT ?2");
    st->bind(1, now_ms).bind(2, static_cast<int64_t>(limit));
    while (st->step()) {
      Job j;
      j.id = st->column_int(0);
      j.account = std::string(st->column_text(1));
      j.kind = std::string(st->column_text(2));
      j.payload = std::string(st->column_text(3));
      j.due_ms = st->column_int(4);
      j.attempts = static_cast<int>(st->column_int(5));
      out.push_back(std::move(j));
    }
  }
  for (const Job& j : out) {
    auto st = db_.prepare("UPDATE jobs SET claimed_until_ms = ?2 WHERE rid = ?1");
    st->bind(1, j.id).bind(2, lease_until_ms);
    st->run();
  }
  return out;
}

void SqliteTxn::finish_job(int64_t id) {
  auto st = db_.prepare("DELETE FROM jobs WHERE rid = ?1");
  st->bind(1, id);
  st->run();
}

void SqliteTxn::reschedule_job(int64_t id, int64_t due_ms, int attempts) {
  auto st = db_.prepare(
      "UPDATE jobs SET due_ms = ?2, attempts = ?3, claimed_until_ms = 0 WHERE rid = ?1");
  st->bind(1, id).bind(2, due_ms).bind(3, static_cast<int64_t>(attempts));
  st->run();
  enqueued_jobs_ = true;
}

void SqliteTxn::release_job_claims() {
  db_.prepare("UPDATE jobs SET claimed_until_ms = 0 WHERE claimed_until_ms > 0")->run();
  enqueued_jobs_ = true;
}

void SqliteTxn::record_attempt(const DeliveryAttempt& a) {
  auto st = db_.prepare(
      "INSERT INTO webhook_attempts (account, event_id, destination, attempt, at_ms, "
      "status_code, error, latency_ms, response_head) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st->bind(1, a.account)
      .bind(2, a.event_id)
      .bind(3, a.destination)
      .bind(4, static_cast<int64_t>(a.attempt))
      .bind(5, a.at_ms)
      .bind(6, static_cast<int64_t>(a.status_code))
      .bind(7, a.error)
      .bind(8, a.latency_ms)
      .bind(9, a.response_head);
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
