#include "store/migrations.h"

#include <string>
#include <vector>

namespace inlet::store {
namespace {

// Index i holds migration i + 1. Never edit a released script; append a new one.
//
// Notes on migration 1, shaped by the ingestion hot path (large append-only
// transactions) and by processing:
// - records, receipts and logs carry no foreign keys: checking them would cost a lookup
//   per inserted row; deleting an endpoint removes its rows explicitly instead.
// - An index on (endpoint_key) alone already orders its entries by (endpoint_key, seq):
//   SQLite ends every index key with the rowid, which `seq INTEGER PRIMARY KEY` is. The
//   planner uses it for `endpoint_key = ? AND seq > ? ORDER BY seq` without a sort, while
//   naming seq again would store it twice in every entry of the hottest index.
// - records has no index on its id: every index on the hottest table costs a write per
//   row. A record id is UUIDv7, so one added later stays append-only.
// - endpoints and receipts use AUTOINCREMENT so a key is never reused after a delete:
//   endpoint keys are list cursors, and receipt seqs are what records point to. Both are
//   inserted once per request at most, so the sqlite_sequence update is cheap there; the
//   per-row tables skip it.
// - UNIQUE(source_id, name) on endpoints enforces "endpoint-name-taken" and serves the
//   per-source endpoint counts; UNIQUE(group_id, name) on sources does the same for them.
// - A receipt's records are inserted together with consecutive seqs, so the receipt
//   keeps their range (first_record_seq, last_record_seq) and filtering the preview by
//   receipt needs no index on records. Record seqs are handed out by the writer and
//   never reused (store_meta 'record_seq' keeps the highest ever given), so a range
//   never points at another receipt's records after a clear.
// - writable_probe is the single row CheckWritable() commits to prove writes reach disk.
//
// Notes on migration 2 (golden records, SPEC §5):
// - golden_records.key is a plain rowid (no AUTOINCREMENT: that is one more write per
//   golden record created). Only the largest key can come back after a delete, and then
//   as the newest record, which is what a new one is; nothing outside refers to keys.
// - A data part's rowid is its processing order (later = larger), which survivorship
//   falls back on; replacing a part inserts it anew, so it becomes the latest.
// - The clue hash is kept as 16 bytes (half the SHA-256): the "unchanged" lookup needs
//   no more, and the index on it is the one random-order index processing writes to.
// - codes is the identifier -> golden record lookup every clue makes; WITHOUT ROWID
//   keeps it one B-tree. It only ever points at live golden records.
// - part_edges lets reads find incoming edges by target code without parsing clues.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: groups, sources, endpoints, tokens, receipts, records, logs.
      R"sql(
CREATE TABLE groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES groups (id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (group_id, name)
);

CREATE TABLE endpoints (
  key INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES sources (id),
  mode TEXT NOT NULL,
  status TEXT NOT NULL,
  mapping TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  record_count INTEGER NOT NULL DEFAULT 0,
  data_part_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (source_id, name)
);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash BLOB NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  endpoint_ids TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);

CREATE TABLE receipts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  endpoint_key INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  http_status INTEGER NOT NULL,
  received INTEGER,
  accepted INTEGER,
  rejected INTEGER,
  warnings INTEGER,
  errors INTEGER,
  times_processed INTEGER NOT NULL DEFAULT 0,
  golden_records INTEGER NOT NULL DEFAULT 0,
  response TEXT,
  first_record_seq INTEGER,
  last_record_seq INTEGER
);
CREATE INDEX receipts_by_endpoint ON receipts (endpoint_key);
CREATE UNIQUE INDEX receipts_by_id ON receipts (id);

CREATE TABLE records (
  seq INTEGER PRIMARY KEY,
  endpoint_key INTEGER NOT NULL,
  receipt_seq INTEGER NOT NULL,
  row_index INTEGER NOT NULL,
  id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX records_by_endpoint ON records (endpoint_key);

CREATE TABLE logs (
  seq INTEGER PRIMARY KEY,
  endpoint_key INTEGER NOT NULL,
  receipt_seq INTEGER,
  created_at INTEGER NOT NULL,
  level TEXT NOT NULL,
  domain TEXT NOT NULL,
  message_id TEXT NOT NULL,
  property TEXT,
  count INTEGER NOT NULL,
  first_row_indexes TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX logs_by_endpoint ON logs (endpoint_key);

CREATE TABLE idempotency_keys (
  endpoint_key INTEGER NOT NULL,
  key TEXT NOT NULL,
  request_hash BLOB NOT NULL,
  receipt_seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (endpoint_key, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

CREATE TABLE field_profiles (
  endpoint_key INTEGER PRIMARY KEY,
  profile BLOB NOT NULL,
  through_seq INTEGER NOT NULL
);

CREATE TABLE store_meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE writable_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at INTEGER NOT NULL
);
)sql",
      // 2: golden records, their codes, data parts and edges; processing jobs.
      R"sql(
ALTER TABLE endpoints ADD COLUMN processed_through_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE golden_records (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  shadow INTEGER NOT NULL,
  merged_into INTEGER,
  name TEXT NOT NULL DEFAULT '',
  document TEXT NOT NULL DEFAULT '{}',
  search_text TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX golden_records_by_id ON golden_records (id);
CREATE INDEX golden_records_by_type ON golden_records (entity_type) WHERE merged_into IS NULL;
CREATE INDEX golden_records_merged ON golden_records (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE codes (
  code TEXT PRIMARY KEY,
  golden_key INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX codes_by_golden ON codes (golden_key);

CREATE TABLE data_parts (
  part_order INTEGER PRIMARY KEY,
  endpoint_key INTEGER NOT NULL,
  record_seq INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  receipt_seq INTEGER NOT NULL,
  receipt_id TEXT NOT NULL,
  golden_key INTEGER NOT NULL,
  clue_hash BLOB NOT NULL,
  payload TEXT NOT NULL
);
CREATE UNIQUE INDEX data_parts_by_record ON data_parts (endpoint_key, record_seq);
CREATE INDEX data_parts_by_golden ON data_parts (golden_key);
CREATE INDEX data_parts_by_hash ON data_parts (endpoint_key, clue_hash);

CREATE TABLE part_edges (
  endpoint_key INTEGER NOT NULL,
  record_seq INTEGER NOT NULL,
  edge_type TEXT NOT NULL,
  target_code TEXT NOT NULL,
  PRIMARY KEY (endpoint_key, record_seq, edge_type, target_code)
) WITHOUT ROWID;
CREATE INDEX part_edges_by_target ON part_edges (target_code);

CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  endpoint_key INTEGER NOT NULL,
  kind TEXT NOT NULL,
  trigger TEXT NOT NULL,
  receipt_id TEXT,
  state TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0,
  done INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  merged INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX jobs_active ON jobs (endpoint_key) WHERE state IN ('queued', 'running');
)sql",
      // 3: a job reads which clue and golden record each record's part holds by range of
      // record seq, for every record it processes; from this index alone, without
      // visiting the ~1 KB part rows.
      R"sql(
CREATE INDEX data_parts_by_record_covering
  ON data_parts (endpoint_key, record_seq, golden_key, clue_hash);
)sql",
      // 4: a part also keeps the hash of what its clue was built from (the mapping and the
      // record's text), so a job that meets the same record under the same mapping again
      // knows it unchanged without mapping it; the covering index carries it. Parts made
      // before have none and are mapped as before.
      // A record sent again is found among the parts of the golden record its codes lead
      // to, not through an index of every clue hash: that index took a random-order
      // insert per new part and a random look-up per new record.
      R"sql(
ALTER TABLE data_parts ADD COLUMN source_hash BLOB;
DROP INDEX data_parts_by_record_covering;
CREATE INDEX data_parts_by_record_covering
  ON data_parts (endpoint_key, record_seq, golden_key, clue_hash, source_hash);
DROP INDEX data_parts_by_hash;
DROP INDEX data_parts_by_golden;
CREATE INDEX data_parts_by_golden ON data_parts (golden_key, endpoint_key, clue_hash);
)sql",
      // 5: retention deletes logs and receipts older than a time (Prune, every ten
      // minutes): without an index on that time each run read the whole of both tables
      // under the writer lock, ingestion waiting behind it. Receipts and log rows are
      // written about in time order, so these indexes grow at their end like the others.
      R"sql(
CREATE INDEX logs_by_time ON logs (created_at);
CREATE INDEX receipts_by_time ON receipts (received_at);
)sql",
      // 6: a golden record's parts are read in processing order a page at a time, and
      // found by their index in that order (the provenance of its values): an index by
      // golden record alone is ordered by part_order (the rowid) within each one, where
      // data_parts_by_golden is ordered by endpoint and clue hash. New parts of new golden
      // records land at its end.
      R"sql(
CREATE INDEX data_parts_by_golden_order ON data_parts (golden_key);
)sql",
      // 7: what each record's processing made of it, and the change feed (SPEC §11).
      // - record_outcomes is keyed by (endpoint, record seq), as parts are: a receipt's
      //   outcomes are a range of it, and a job appends at the end of its endpoint's range.
      //   It keeps the row index and record id, since records may be cleared once
      //   processed (and bridge receipts keep none). The outcomes of parts made before are
      //   derived: the first part of a golden record created it, the others merged.
      // - receipts count their records' outcomes; the single golden_records count goes.
      // - golden_changes is the feed: append-only, seq increasing. A golden record's
      //   change_seq names its latest upsert, so a reader skips the upserts a later change
      //   of the same record superseded instead of the writer deleting them. Deletes keep
      //   the id and type, since the golden record is gone. Golden records already there
      //   each get one upsert, so a consumer that starts from the beginning sees them.
      R"sql(
CREATE TABLE record_outcomes (
  endpoint_key INTEGER NOT NULL,
  record_seq INTEGER NOT NULL,
  row_index INTEGER,
  record_id TEXT NOT NULL,
  outcome INTEGER NOT NULL,
  golden_key INTEGER,
  PRIMARY KEY (endpoint_key, record_seq)
) WITHOUT ROWID;
INSERT INTO record_outcomes (endpoint_key, record_seq, row_index, record_id, outcome, golden_key)
  SELECT p.endpoint_key, p.record_seq, r.row_index, p.record_id,
         CASE WHEN p.part_order = (SELECT MIN(q.part_order) FROM data_parts q
                                   WHERE q.golden_key = p.golden_key) THEN 0 ELSE 1 END,
         p.golden_key
  FROM data_parts p LEFT JOIN records r ON r.seq = p.record_seq;
ALTER TABLE receipts DROP COLUMN golden_records;
ALTER TABLE receipts ADD COLUMN golden_created INTEGER NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN golden_merged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN golden_unchanged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE receipts ADD COLUMN golden_failed INTEGER NOT NULL DEFAULT 0;
UPDATE receipts SET
  golden_created = (SELECT COUNT(*) FROM record_outcomes o WHERE o.endpoint_key =
    receipts.endpoint_key AND o.record_seq BETWEEN receipts.first_record_seq AND
    receipts.last_record_seq AND o.outcome = 0),
  golden_merged = (SELECT COUNT(*) FROM record_outcomes o WHERE o.endpoint_key =
    receipts.endpoint_key AND o.record_seq BETWEEN receipts.first_record_seq AND
    receipts.last_record_seq AND o.outcome = 1)
  WHERE first_record_seq IS NOT NULL;
ALTER TABLE golden_records ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE TABLE golden_changes (
  seq INTEGER PRIMARY KEY,
  op INTEGER NOT NULL,
  golden_key INTEGER NOT NULL,
  golden_id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  merged_into TEXT,
  at INTEGER NOT NULL
);
INSERT INTO golden_changes (op, golden_key, golden_id, entity_type, at)
  SELECT 0, key, id, entity_type, CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM golden_records WHERE merged_into IS NULL ORDER BY key;
CREATE INDEX golden_changes_backfill ON golden_changes (golden_key);
UPDATE golden_records SET change_seq =
  (SELECT seq FROM golden_changes c WHERE c.golden_key = golden_records.key)
  WHERE merged_into IS NULL;
DROP INDEX golden_changes_backfill;
)sql",
      // 8: how each golden record came to be, and keep-apart rules (SPEC §11).
      // - golden_history: one row per golden record per engine pass that changed it,
      //   holding that pass's events as a JSON array; read by golden record in row order.
      //   A golden record made by one part keeps that first event in its own row
      //   (creation, creation_job): most are never changed again, and a row of their own
      //   (with its index entry) cost a quarter of a first job's rate. Golden records made
      //   before keep no history: their history starts here.
      // - keep_apart: a rule between two source records by their primary codes (the
      //   crosswalk), so it holds for every part of them: after a reprocessing, and for
      //   the same record sent again. It keeps the parts the unmerge named, for display.
      //   keep_apart_sides holds each rule twice, once from each side, so "who is kept
      //   apart from this code" is one index look-up either way.
      // - kept_apart_parts: the data parts whose primary code some rule names, with their
      //   golden record, kept up to date by the part writes while any rule exists. It is
      //   what makes "may these two golden records merge" a look-up among the few parts
      //   rules name, rather than a walk over every part of both.
      R"sql(
CREATE TABLE golden_history (
  seq INTEGER PRIMARY KEY,
  golden_key INTEGER NOT NULL,
  at INTEGER NOT NULL,
  job_id TEXT,
  events TEXT NOT NULL
);
CREATE INDEX golden_history_by_golden ON golden_history (golden_key);
ALTER TABLE golden_records ADD COLUMN creation TEXT;
ALTER TABLE golden_records ADD COLUMN creation_job TEXT;
CREATE TABLE keep_apart (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  taken_code TEXT NOT NULL,
  taken_endpoint_key INTEGER NOT NULL,
  taken_record_id TEXT NOT NULL,
  stays_code TEXT NOT NULL,
  stays_endpoint_key INTEGER NOT NULL,
  stays_record_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  job_id TEXT
);
CREATE TABLE keep_apart_sides (
  code TEXT NOT NULL,
  rule_seq INTEGER NOT NULL,
  other_code TEXT NOT NULL,
  PRIMARY KEY (code, rule_seq)
) WITHOUT ROWID;
CREATE TABLE kept_apart_parts (
  endpoint_key INTEGER NOT NULL,
  record_seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  golden_key INTEGER NOT NULL,
  PRIMARY KEY (endpoint_key, record_seq)
) WITHOUT ROWID;
CREATE INDEX kept_apart_parts_by_code ON kept_apart_parts (code);
CREATE INDEX kept_apart_parts_by_golden ON kept_apart_parts (golden_key);
)sql",
  };
  return kMigrations;
}

Status TooNew(int found) {
  return Status::Unavailable("schema-too-new",
                             "the database has schema version " + std::to_string(found) +
                                 " but this inlet knows versions up to " +
                                 std::to_string(LatestSchemaVersion()) +
                                 "; run a newer inlet or restore a backup made by this version");
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

Result<int> ReadSchemaVersion(Connection& db) {
  INLET_ASSIGN_OR_RETURN(auto stmt, db.Prepare("PRAGMA user_version", "read schema version"));
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  return row ? static_cast<int>(stmt.Int(0)) : 0;
}

Status CheckSchemaNotNewer(Connection& db) {
  INLET_ASSIGN_OR_RETURN(auto version, ReadSchemaVersion(db));
  if (version > LatestSchemaVersion()) return TooNew(version);
  return Status::Ok();
}

Status ApplyMigrations(Connection& db) { return ApplyMigrationsUpTo(db, LatestSchemaVersion()); }

Status ApplyMigrationsUpTo(Connection& db, int target) {
  // Refuse a newer database before taking the write lock: it may belong to a running
  // newer server, and a read needs no lock.
  INLET_RETURN_IF_ERROR(CheckSchemaNotNewer(db));
  // Nor is the write lock taken when nothing is due: a start on a full disk, or while
  // another process writes, must not need it.
  INLET_ASSIGN_OR_RETURN(auto current, ReadSchemaVersion(db));
  if (current >= target) return Status::Ok();

  for (;;) {
    WriteTransaction tx(db);
    INLET_RETURN_IF_ERROR(tx.Begin("begin migration"));
    INLET_ASSIGN_OR_RETURN(auto version, ReadSchemaVersion(db));
    if (version > LatestSchemaVersion()) return TooNew(version);
    if (version >= target) return tx.Commit("end migrations");

    const int next = version + 1;
    const std::string operation = "apply migration " + std::to_string(next);
    INLET_RETURN_IF_ERROR(db.Exec(Migrations()[next - 1], operation.c_str()));
    // PRAGMA takes no bound parameters; `next` is our own integer, not a user value.
    const std::string bump = "PRAGMA user_version = " + std::to_string(next);
    INLET_RETURN_IF_ERROR(db.Exec(bump.c_str(), "set schema version"));
    INLET_RETURN_IF_ERROR(tx.Commit("commit migration"));
  }
}

}  // namespace inlet::store
