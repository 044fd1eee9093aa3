#include "store/pg_schema.h"

#include <array>
#include <string>

namespace inlet::store {
namespace {

// Any constant both sides agree on: it names "inlet's migrations" among advisory locks.
constexpr int64_t kMigrationLock = 0x696e6c6574L;       // "inlet"
constexpr int64_t kGoldenWritesLock = 0x696e6c657467L;  // "inletg"

// Migration N is kMigrations[N - 1]. Timestamps are milliseconds since the epoch in a
// bigint, as on SQLite, so no node's time zone can change what a row says.
constexpr std::array<const char*, 3> kMigrations = {
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
    // 3: everything else, in the shape of SQLite's migrations 1-8 (migrations.cc says
    // why each table is as it is). Where PostgreSQL differs:
    // - Record seqs are given by the ingestion commit while it holds the 'record_seq' row
    //   of store_meta (FOR UPDATE): commits that give seqs are serialized across nodes, so
    //   a receipt's records have consecutive seqs and seq order is commit order, which
    //   the automatic mode's watermark and the field-profile follower rely on.
    // - Golden-record writes are serialized across nodes by an advisory lock held until
    //   commit, so change seqs (a sequence) and golden keys (identity) are handed out in
    //   commit order too: the change feed is in commit order across nodes.
    // - Preview search is a GIN index over each record's words (SearchWords of
    //   search_text.h) in record_words, filled behind ingestion by whichever node holds
    //   store_meta's 'words_through' row at the time, as SQLite's search index follows the
    //   records: maintaining a GIN index costs several times what appending the record
    //   does, so it stays out of the ingestion commit, and words_through says how far
    //   search has come (the preview's indexLag).
    // - Every row that belongs to an endpoint references it ON DELETE CASCADE, keep-apart
    //   rules naming one of its records included; but records, whose foreign key would
    //   cost a look-up per row inside the ingestion commit: deleting an endpoint deletes
    //   them first.
    // - A job has a lease: the node running it renews `lease_until`; another node takes
    //   over a running job whose lease ran out.
    R"sql(
CREATE TABLE store_meta (
  name text PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO store_meta (name, value)
  VALUES ('record_seq', 0), ('changes_pruned_through', 0), ('words_through', 0);
CREATE TABLE writable_probe (
  id integer PRIMARY KEY CHECK (id = 1),
  checked_at bigint NOT NULL
);

CREATE TABLE receipts (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  received_at bigint NOT NULL,
  http_status integer NOT NULL,
  received bigint,
  accepted bigint,
  rejected bigint,
  warnings bigint,
  errors bigint,
  times_processed bigint NOT NULL DEFAULT 0,
  golden_created bigint NOT NULL DEFAULT 0,
  golden_merged bigint NOT NULL DEFAULT 0,
  golden_unchanged bigint NOT NULL DEFAULT 0,
  golden_failed bigint NOT NULL DEFAULT 0,
  response text,
  first_record_seq bigint,
  last_record_seq bigint
);
CREATE INDEX receipts_by_endpoint ON receipts (endpoint_key, seq);
CREATE INDEX receipts_by_time ON receipts (received_at);

CREATE TABLE records (
  seq bigint PRIMARY KEY,
  endpoint_key bigint NOT NULL,
  receipt_seq bigint NOT NULL,
  row_index bigint NOT NULL,
  id text NOT NULL,
  received_at bigint NOT NULL,
  data text NOT NULL
);
CREATE INDEX records_by_endpoint ON records (endpoint_key, seq);

CREATE TABLE record_words (
  seq bigint PRIMARY KEY REFERENCES records (seq) ON DELETE CASCADE,
  endpoint_key bigint NOT NULL,
  words tsvector NOT NULL
);
CREATE INDEX record_words_search ON record_words USING gin (words);
CREATE INDEX record_words_by_endpoint ON record_words (endpoint_key, seq);

CREATE TABLE logs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  receipt_seq bigint,
  created_at bigint NOT NULL,
  level text NOT NULL,
  domain text NOT NULL,
  message_id text NOT NULL,
  property text,
  count bigint NOT NULL,
  first_row_indexes text NOT NULL,
  message text NOT NULL
);
CREATE INDEX logs_by_endpoint ON logs (endpoint_key, seq);
CREATE INDEX logs_by_time ON logs (created_at);

CREATE TABLE idempotency_keys (
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  key text NOT NULL,
  request_hash bytea NOT NULL,
  receipt_seq bigint NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (endpoint_key, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE field_profiles (
  endpoint_key bigint PRIMARY KEY REFERENCES endpoints (key) ON DELETE CASCADE,
  profile bytea NOT NULL,
  through_seq bigint NOT NULL
);

CREATE TABLE golden_records (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  entity_type text NOT NULL,
  shadow boolean NOT NULL,
  merged_into bigint,
  name text NOT NULL DEFAULT '',
  document text NOT NULL DEFAULT '{}',
  search_text text NOT NULL DEFAULT '',
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  change_seq bigint NOT NULL DEFAULT 0,
  creation text,
  creation_job text
);
CREATE INDEX golden_records_by_type ON golden_records (entity_type, key) WHERE merged_into IS NULL;
CREATE INDEX golden_records_merged ON golden_records (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE codes (
  code text PRIMARY KEY,
  golden_key bigint NOT NULL
);
CREATE INDEX codes_by_golden ON codes (golden_key);

CREATE TABLE data_parts (
  part_order bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  record_seq bigint NOT NULL,
  record_id text NOT NULL,
  receipt_seq bigint NOT NULL,
  receipt_id text NOT NULL,
  golden_key bigint NOT NULL,
  clue_hash bytea NOT NULL,
  source_hash bytea,
  payload text NOT NULL
);
CREATE UNIQUE INDEX data_parts_by_record
  ON data_parts (endpoint_key, record_seq) INCLUDE (golden_key, clue_hash, source_hash);
CREATE INDEX data_parts_by_golden ON data_parts (golden_key, endpoint_key, clue_hash);
CREATE INDEX data_parts_by_golden_order ON data_parts (golden_key, part_order);

CREATE TABLE part_edges (
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  record_seq bigint NOT NULL,
  edge_type text NOT NULL,
  target_code text NOT NULL,
  PRIMARY KEY (endpoint_key, record_seq, edge_type, target_code)
);
CREATE INDEX part_edges_by_target ON part_edges (target_code);

CREATE TABLE jobs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  kind text NOT NULL,
  trigger text NOT NULL,
  receipt_id text,
  state text NOT NULL,
  total bigint NOT NULL DEFAULT 0,
  done bigint NOT NULL DEFAULT 0,
  created bigint NOT NULL DEFAULT 0,
  merged bigint NOT NULL DEFAULT 0,
  unchanged bigint NOT NULL DEFAULT 0,
  failed bigint NOT NULL DEFAULT 0,
  removed bigint NOT NULL DEFAULT 0,
  message text NOT NULL DEFAULT '',
  created_at bigint NOT NULL,
  finished_at bigint,
  node text,
  lease_until bigint
);
CREATE INDEX jobs_by_endpoint ON jobs (endpoint_key, seq);
CREATE UNIQUE INDEX jobs_one_active ON jobs (endpoint_key) WHERE state IN ('queued', 'running');

CREATE TABLE record_outcomes (
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  record_seq bigint NOT NULL,
  row_index bigint,
  record_id text NOT NULL,
  outcome integer NOT NULL,
  golden_key bigint,
  PRIMARY KEY (endpoint_key, record_seq)
);

CREATE SEQUENCE golden_change_seq;
CREATE TABLE golden_changes (
  seq bigint PRIMARY KEY,
  op integer NOT NULL,
  golden_key bigint NOT NULL,
  golden_id text NOT NULL,
  entity_type text NOT NULL,
  merged_into text,
  at bigint NOT NULL
);
CREATE INDEX golden_changes_by_time ON golden_changes (at);

CREATE TABLE golden_history (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  golden_key bigint NOT NULL,
  at bigint NOT NULL,
  job_id text,
  events text NOT NULL
);
CREATE INDEX golden_history_by_golden ON golden_history (golden_key, seq);

CREATE TABLE keep_apart (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  taken_code text NOT NULL,
  taken_endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  taken_record_id text NOT NULL,
  stays_code text NOT NULL,
  stays_endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  stays_record_id text NOT NULL,
  created_at bigint NOT NULL,
  job_id text
);
CREATE TABLE keep_apart_sides (
  code text NOT NULL,
  rule_seq bigint NOT NULL REFERENCES keep_apart (seq) ON DELETE CASCADE,
  other_code text NOT NULL,
  PRIMARY KEY (code, rule_seq)
);
CREATE TABLE kept_apart_parts (
  endpoint_key bigint NOT NULL REFERENCES endpoints (key) ON DELETE CASCADE,
  record_seq bigint NOT NULL,
  code text NOT NULL,
  golden_key bigint NOT NULL,
  PRIMARY KEY (endpoint_key, record_seq)
);
CREATE INDEX kept_apart_parts_by_code ON kept_apart_parts (code);
CREATE INDEX kept_apart_parts_by_golden ON kept_apart_parts (golden_key);
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

Status LockGoldenWrites(PgConnection& connection) {
  return connection.Run("SELECT pg_advisory_xact_lock($1)", {kGoldenWritesLock},
                        "wait for other nodes' golden-record writes");
}

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
