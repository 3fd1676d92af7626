// Walks a database and reports every stored document the JSON reader rejects: object rows (the
// object and its internal state), saved idempotent responses and job payloads. A stored object
// must always read back (base/json_text.h sees to it for what intentd writes); this finds rows
// that an older intentd, or a hand edit, left unreadable. `intentd check` runs it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace intentd::store {

struct UnreadableRow {
  std::string table;   // "objects", "idempotency", "jobs"
  std::string column;  // "data", "internal", "body", "payload"
  std::string account;
  std::string key;      // the object's id, the idempotency key, the job's kind and row id
  std::string problem;  // the reader's complaint
};

struct ReadabilityReport {
  int64_t rows_checked = 0;
  std::vector<UnreadableRow> unreadable;
};

// Reads the database at `path` (read-only; a running intentd may keep serving it).
ReadabilityReport check_readability(const std::string& path);

}  // namespace intentd::store
