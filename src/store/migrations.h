// Versioned schema migrations for the SQLite store, applied in order at start-up inside one
// transaction each; the applied version lives in PRAGMA user_version.
#pragma once

#include "store/sqlite_connection.h"

namespace intentd::store {

// Brings the database to the newest schema; returns the version it is at afterwards.
int migrate(Connection& db);

// The newest schema version this build knows.
int latest_schema_version();

}  // namespace intentd::store
