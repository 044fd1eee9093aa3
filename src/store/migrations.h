// The numbered schema migrations of the SQLite store.
//
// Migration N (1-based) is the N-th script; `PRAGMA user_version` holds the number of the
// last one applied. Scripts are append-only: a released migration is never edited, a
// change to the schema is a new script.
#pragma once

#include "inlet/common/status.h"
#include "store/sqlite_connection.h"

namespace inlet::store {

// The version the newest migration brings a database to.
int LatestSchemaVersion();

Result<int> ReadSchemaVersion(Connection& db);

// Ok unless the database is ahead of this binary: kUnavailable "schema-too-new", naming
// both versions. Reads only, so a database is refused before anything is written to it.
Status CheckSchemaNotNewer(Connection& db);

// Applies every pending migration, each in its own write transaction together with its
// user_version bump, so a crash leaves the database at a whole version. Safe against
// another process migrating at the same time: the version is re-read under the write
// lock. kUnavailable "schema-too-new" when the database is ahead of this binary. Writes
// nothing, and takes no lock, when the database is current.
Status ApplyMigrations(Connection& db);
// The same, up to `version` only: how a test makes a database of an older release.
Status ApplyMigrationsUpTo(Connection& db, int version);

}  // namespace inlet::store
