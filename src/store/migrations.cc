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
        -- Every API object: its JSON plus the columns lists are ordered by. Rows are stored
        -- in insertion order (rid), so new rows append to the end of the table instead of
        -- landing on random pages (ids are random); the logical key is (account, id), and
        -- every index leads with the account.
        CREATE TABLE objects (
          rid     INTEGER PRIMARY KEY,
          seq     INTEGER NOT NULL,  -- insertion order; breaks ties within one second
          account TEXT NOT NULL,
          id      TEXT NOT NULL,
          type    TEXT NOT NULL,
          created INTEGER NOT NULL,
          lookups TEXT NOT NULL,        -- the lookup rows below, to delete them on change
          data    TEXT NOT NULL
        );
        CREATE UNIQUE INDEX objects_by_id ON objects (account, id);
        CREATE INDEX objects_by_type ON objects (account, type, created, seq);

        -- Secondary keys for list filters (customer email, payment intent customer, ...).
        CREATE TABLE lookups (
          account TEXT NOT NULL,
          type    TEXT NOT NULL,
          field   TEXT NOT NULL,
          value   TEXT NOT NULL,
          created INTEGER NOT NULL,
          seq     INTEGER NOT NULL,
          rid     INTEGER NOT NULL,  -- the object's row
          PRIMARY KEY (account, type, field, value, created, seq)
        ) WITHOUT ROWID;

        -- First responses of idempotent requests; appended in arrival order like objects.
        CREATE TABLE idempotency (
          rid         INTEGER PRIMARY KEY,
          account     TEXT NOT NULL,
          key         TEXT NOT NULL,
          method      TEXT NOT NULL,
          path        TEXT NOT NULL,
          params_hash TEXT NOT NULL,
          status      INTEGER NOT NULL,
          body        TEXT NOT NULL,
          created     INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX idempotency_by_key ON idempotency (account, key);
        CREATE INDEX idempotency_by_created ON idempotency (created);

        CREATE TABLE api_keys (
          account TEXT NOT NULL,
          secret  TEXT NOT NULL,
          kind    TEXT NOT NULL,
          created INTEGER NOT NULL,
          PRIMARY KEY (account, secret)
        ) WITHOUT ROWID;
      )sql"},
      {2, R"sql(
        -- Durable scheduled work: webhook deliveries now; settlement, expiries, renewals and
        -- payouts later. A job is claimed by setting claimed_until_ms (a lease), so a crash
        -- leaves it to be claimed again; claims are released at start-up.
        CREATE TABLE jobs (
          rid              INTEGER PRIMARY KEY,
          account          TEXT NOT NULL,
          kind             TEXT NOT NULL,
          payload          TEXT NOT NULL,
          due_ms           INTEGER NOT NULL,
          attempts         INTEGER NOT NULL DEFAULT 0,
          claimed_until_ms INTEGER NOT NULL DEFAULT 0,
          created_ms       INTEGER NOT NULL
        );
        CREATE INDEX jobs_by_due ON jobs (due_ms);
        CREATE INDEX jobs_by_account ON jobs (account, kind);

        -- One row per webhook delivery attempt: when, the outcome, and how long it took.
        CREATE TABLE webhook_attempts (
          rid           INTEGER PRIMARY KEY,
          account       TEXT NOT NULL,
          event_id      TEXT NOT NULL,
          destination   TEXT NOT NULL,
          attempt       INTEGER NOT NULL,
          at_ms         INTEGER NOT NULL,
          status_code   INTEGER NOT NULL,  -- 0 when no HTTP response arrived
          error         TEXT NOT NULL,
          latency_ms    INTEGER NOT NULL,
          response_head TEXT NOT NULL
        );
        CREATE INDEX webhook_attempts_by_event ON webhook_attempts (account, event_id);
      )sql"},
      {3, R"sql(
        -- State an object keeps that the API never shows (a payment method's test-instrument
        -- behaviour, an intent's authentication progress), as JSON; NULL when none.
        ALTER TABLE objects ADD COLUMN internal TEXT;
      )sql"},
      {4, R"sql(
        -- An intent records who owns it as {type, id} (a Checkout Session, later an invoice or
        -- a subscription), where it named only its Checkout Session.
        UPDATE objects
           SET internal = json_set(json_remove(internal, '$.checkout_session'), '$.owner',
                                   json_object('type', 'checkout.session',
                                               'id', json_extract(internal, '$.checkout_session')))
         WHERE type IN ('payment_intent', 'setup_intent')
           AND json_extract(internal, '$.checkout_session') IS NOT NULL;
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
