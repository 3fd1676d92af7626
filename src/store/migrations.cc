#include "store/migrations.h"

#include <string>
#include <vector>

namespace intentd::store {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append only: a released migration is never edited, a new version is added instead.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, R"sql(
        -- Every API object: its JSON plus the columns lists are ordered by.
        CREATE TABLE objects (
          account TEXT NOT NULL,
          id      TEXT NOT NULL,
          type    TEXT NOT NULL,
          created INTEGER NOT NULL,
          seq     INTEGER NOT NULL,  -- insertion order, breaks ties within one second
          data    TEXT NOT NULL,
          PRIMARY KEY (account, id)
        ) WITHOUT ROWID;
        CREATE INDEX objects_by_type ON objects (account, type, created, seq);

        -- Secondary keys for list filters (customer email, payment intent customer, ...).
        CREATE TABLE lookups (
          account TEXT NOT NULL,
          type    TEXT NOT NULL,
          field   TEXT NOT NULL,
          value   TEXT NOT NULL,
          created INTEGER NOT NULL,
          seq     INTEGER NOT NULL,
          id      TEXT NOT NULL,
          PRIMARY KEY (account, type, field, value, created, seq)
        ) WITHOUT ROWID;
        CREATE INDEX lookups_by_id ON lookups (account, id);

        CREATE TABLE idempotency (
          account     TEXT NOT NULL,
          key         TEXT NOT NULL,
          method      TEXT NOT NULL,
          path        TEXT NOT NULL,
          params_hash TEXT NOT NULL,
          status      INTEGER NOT NULL,
          body        TEXT NOT NULL,
          created     INTEGER NOT NULL,
          PRIMARY KEY (account, key)
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_by_created ON idempotency (created);

        CREATE TABLE api_keys (
          account TEXT NOT NULL,
          secret  TEXT NOT NULL,
          kind    TEXT NOT NULL,
          created INTEGER NOT NULL,
          PRIMARY KEY (account, secret)
        ) WITHOUT ROWID;
      )sql"},
  };
  return kAll;
}

int current_version(Connection& db) {
  auto st = db.prepare("PRAGMA user_version");
  st->step();
  return static_cast<int>(st->column_int(0));
}

}  // namespace

int latest_schema_version() {
  return migrations().back().version;
}

int migrate(Connection& db) {
  int version = current_version(db);
  if (version > latest_schema_version())
    throw SqliteError(SQLITE_ERROR, "database schema version " + std::to_string(version) +
                                        " is newer than this intentd build knows (" +
                                        std::to_string(latest_schema_version()) + ")");
  for (const Migration& m : migrations()) {
    if (m.version <= version) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      std::string set = "PRAGMA user_version = " + std::to_string(m.version);
      db.exec(set.c_str());
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
    version = m.version;
  }
  return version;
}

}  // namespace intentd::store
