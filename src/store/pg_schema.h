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

// Inside a transaction: waits until no other transaction, on any node, writes golden
// records, and keeps them out until this one ends. Every golden-record write (a slice, a
// bridge receipt, deleting a keep-apart rule) takes it first, so no two golden records
// ever share a code, and change seqs and golden keys are handed out in commit order.
Status LockGoldenWrites(PgConnection& connection);

}  // namespace inlet::store
