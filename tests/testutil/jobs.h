// The jobs table as it is on disk, read over a connection of its own, so tests can see a
// job's due time, attempts and lease without claiming it (which would change it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sqlite_connection.h"

namespace intentd::testutil {

struct JobRow {
  int64_t id = 0;
  std::string account;
  std::string kind;
  std::string payload;
  int64_t due_ms = 0;
  int attempts = 0;
  int64_t claimed_until_ms = 0;
};

// Every job in the database at `db_path`, oldest first.
inline std::vector<JobRow> job_rows(const std::string& db_path) {
  store::Connection db(db_path, store::Connection::Mode::kReadOnly);
  auto st = db.prepare(
      "SELECT rid, account, kind, payload, due_ms, attempts, claimed_until_ms FROM jobs "
      "ORDER BY rid");
  std::vector<JobRow> out;
  while (st->step()) {
    JobRow r;
    r.id = st->column_int(0);
    r.account = std::string(st->column_text(1));
    r.kind = std::string(st->column_text(2));
    r.payload = std::string(st->column_text(3));
    r.due_ms = st->column_int(4);
    r.attempts = static_cast<int>(st->column_int(5));
    r.claimed_until_ms = st->column_int(6);
    out.push_back(std::move(r));
  }
  return out;
}

inline std::optional<JobRow> job_row(const std::string& db_path, int64_t id) {
  for (auto& r : job_rows(db_path))
    if (r.id == id) return r;
  return std::nullopt;
}

}  // namespace intentd::testutil
