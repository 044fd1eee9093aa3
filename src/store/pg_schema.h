// The PostgreSQL schema as numbered migrations, like SQLite's (migrations.h): each runs
// once, in its own transaction, and the version reached is kept in schema_migrations.
#pragma once

#include "store/pg_connection.h"

namespace inlet::store {

// The schema version this binary writes.
int PgSchemaVersion();

// Brings the database to PgSchemaVersion() and answers the version it is at. Nodes that
// start together take a session advisory lock first, so one migrates and the others find
// the work done. A database whose schema is newer than this binary knows is refused
// (kInternal "schema-too-new": a newer inlet wrote it) and left untouched.
Result<int> MigratePostgres(PgConnection& connection);

}  // namespace inlet::store
