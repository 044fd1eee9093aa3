#include "store/pg_schema.h"

#include <array>
#include <string>

namespace inlet::store {
namespace {

// Any constant both sides agree on: it names "inlet's migrations" among advisory locks.
constexpr int64_t kMigrationLock = 0x696e6c6574L;  // "inlet"

// Migration N is kMigrations[N - 1]. Timestamps are milliseconds since the epoch in a
// bigint, as on SQLite, so no node's time zone can change what a row says.
constexpr std::array<const char*, 2> kMigrations = {
    // 1: API tokens; only the SHA-256 of a secret is kept.
    R"sql(
CREATE TABLE tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  secret_hash bytea NOT NULL UNIQUE,
  scopes text NOT NULL,
  endpoint_ids text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint,
  revoked_at bigint
);
)sql",
    // 2: groups, sources and endpoints. Keys come from sequences, so they are unique
    // across nodes and never reused after a delete (they are list cursors). Tables that
    // hold an endpoint's rows reference endpoints (key) ON DELETE CASCADE, so deleting an
    // endpoint takes what it holds in one statement.
    R"sql(
CREATE TABLE groups (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at bigint NOT NULL
);
CREATE TABLE sources (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id bigint NOT NULL REFERENCES groups (id),
  name text NOT NULL,
  created_at bigint NOT NULL,
  UNIQUE (group_id, name)
);
CREATE TABLE endpoints (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  name text NOT NULL,
  source_id bigint NOT NULL REFERENCES sources (id),
  mode text NOT NULL,
  status text NOT NULL,
  mapping text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  record_count bigint NOT NULL DEFAULT 0,
  data_part_count bigint NOT NULL DEFAULT 0,
  processed_through_seq bigint NOT NULL DEFAULT 0,
  CONSTRAINT endpoint_name_per_source UNIQUE (source_id, name)
);
)sql",
};

Result<int> CurrentVersion(PgConnection& connection) {
  INLET_RETURN_IF_ERROR(
      connection.Run("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                     "applied_at bigint NOT NULL)",
                     {}, "create schema_migrations"));
  INLET_ASSIGN_OR_RETURN(PgResult version,
                         connection.Query("SELECT coalesce(max(version), 0) FROM schema_migrations",
                                          {}, "read schema version"));
  return static_cast<int>(version.Int(0, 0));
}

Result<int> MigrateLocked(PgConnection& connection) {
  INLET_ASSIGN_OR_RETURN(int version, CurrentVersion(connection));
  if (version > PgSchemaVersion()) {
    return Status(StatusCode::kInternal, "schema-too-new",
                  "the database's schema is version " + std::to_string(version) +
                      ", newer than this inlet knows (" + std::to_string(PgSchemaVersion()) +
                      "): run a newer inlet");
  }
  for (int next = version + 1; next <= PgSchemaVersion(); ++next) {
    const std::string step = "migrate PostgreSQL schema to version " + std::to_string(next);
    INLET_ASSIGN_OR_RETURN(PgTransaction transaction, PgTransaction::Begin(connection, step));
    INLET_RETURN_IF_ERROR(connection.RunScript(kMigrations[next - 1], step));
    INLET_RETURN_IF_ERROR(
        connection.Run("INSERT INTO schema_migrations (version, applied_at) "
                       "VALUES ($1, (extract(epoch from clock_timestamp()) * 1000)::bigint)",
                       {static_cast<int64_t>(next)}, step));
    INLET_RETURN_IF_ERROR(transaction.Commit());
  }
  return PgSchemaVersion();
}

}  // namespace

int PgSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<int> MigratePostgres(PgConnection& connection) {
  INLET_RETURN_IF_ERROR(connection.Run("SELECT pg_advisory_lock($1)", {kMigrationLock},
                                       "wait for the migration lock"));
  Result<int> migrated = MigrateLocked(connection);
  Status unlocked = connection.Run("SELECT pg_advisory_unlock($1)", {kMigrationLock},
                                   "release the migration lock");
  if (!migrated.ok()) return migrated;
  if (!unlocked.ok()) return unlocked;
  return migrated;
}

}  // namespace inlet::store
