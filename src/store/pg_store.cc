// Opening the PostgreSQL store, golden-record slices, and the operational methods.
#include "store/pg_store.h"

#include <unistd.h>

#include <algorithm>

#include "inlet/common/time.h"
#include "inlet/store/postgres_store.h"
#include "store/pg_golden_writer.h"
#include "store/pg_schema.h"
#include "store/pg_search_index.h"

namespace inlet::store {
namespace {

// What the server says of itself, for /readyz and the start line. The password is never
// part of it: only host, port and database name.
Result<StoreInfo> DescribeServer(PgConnection& db) {
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db.Query("SELECT current_database(), coalesce(host(inet_server_addr()), 'local socket'), "
               "coalesce(inet_server_port(), 0), current_setting('synchronous_commit'), "
               "current_setting('server_version')",
               {}, "describe the PostgreSQL server"));
  StoreInfo info;
  info.engine = "postgres";
  info.location = "postgresql://" + rows.Text(0, 1) + ":" + rows.Text(0, 2) + "/" + rows.Text(0, 0);
  info.journal_mode = "wal";
  info.synchronous = rows.Text(0, 3);
  return info;
}

std::string DefaultNodeName() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(::getpid());
}

Result<PostgresBackend> Open(const PostgresOptions& options) {
  INLET_ASSIGN_OR_RETURN(auto committer, PgConnection::Open(options.url, options.lock_timeout_ms));
  // A 200 follows COMMIT, so COMMIT must mean durable, whatever the server's default.
  INLET_RETURN_IF_ERROR(
      committer->Run("SET synchronous_commit = on", {}, "set synchronous_commit"));
  INLET_ASSIGN_OR_RETURN(const int version, MigratePostgres(*committer));
  INLET_ASSIGN_OR_RETURN(StoreInfo info, DescribeServer(*committer));
  info.schema_version = version;
  INLET_ASSIGN_OR_RETURN(std::shared_ptr<PgPool> pool,
                         PgPool::Open(options.url, std::max(1, options.pool_size),
                                      std::chrono::seconds(10), options.lock_timeout_ms));
  // Two: a request's token and endpoint are read one after the other.
  INLET_ASSIGN_OR_RETURN(
      std::shared_ptr<PgPool> admission,
      PgPool::Open(options.url, 2, std::chrono::seconds(10), options.lock_timeout_ms));
  PostgresOptions named = options;
  if (named.node.empty()) named.node = DefaultNodeName();
  PostgresBackend backend;
  backend.store = std::make_unique<PgStore>(std::move(info), options.url, pool, admission,
                                            std::move(committer), named);
  backend.search = NewPgSearchIndex(pool);
  return backend;
}

}  // namespace

Result<PostgresBackend> OpenPostgresStore(const PostgresOptions& options) {
  Result<PostgresBackend> backend = Open(options);
  if (!backend.ok()) return backend.status().WithContext("open PostgreSQL store");
  return backend;
}

int PostgresSchemaVersion() { return PgSchemaVersion(); }

Status PgStore::RunGoldenSlice(const std::function<Status(GoldenWriter&)>& work) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "processing slice"));
  INLET_RETURN_IF_ERROR(LockGoldenWrites(*db));
  PgGoldenWriter writer(
      *db, [this] { return append_writer_.Waiting(); }, change_feed_, leases_.node());
  INLET_RETURN_IF_ERROR(work(writer));
  INLET_RETURN_IF_ERROR(tx.Commit());
  if (writer.wrote_changes()) change_signal_.Notify();
  return Status::Ok();
}

Status PgStore::CheckWritable() {
  return CheckWritableWith(write_health_, probe_mutex_, kWritableCheckAge,
                           [this] { return ProbeWritable(); });
}

// A committed one-row write: the server is reachable, not read-only (a standby after a
// failover) and its WAL takes writes.
Status PgStore::ProbeWritable() {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  return db->Run(
      "INSERT INTO writable_probe (id, checked_at) VALUES (1, $1) "
      "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
      {NowUnixMillis()}, "check writable");
}

Status PgStore::Prune(const PruneBefore& before) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "prune"));
  INLET_RETURN_IF_ERROR(db->Run("DELETE FROM idempotency_keys WHERE created_at < $1",
                                {before.keys_ms}, "prune idempotency keys"));
  INLET_RETURN_IF_ERROR(
      db->Run("DELETE FROM logs WHERE created_at < $1", {before.receipts_ms}, "prune logs"));
  INLET_RETURN_IF_ERROR(db->Run("DELETE FROM receipts WHERE received_at < $1", {before.receipts_ms},
                                "prune receipts"));
  // What is removed is a prefix of the feed, up to the first change young enough to
  // keep (nodes' clocks differ a little, so times are not strictly in seq order). The
  // highest seq removed is kept: a cursor at or below it has expired.
  INLET_RETURN_IF_ERROR(db->Run(
      "WITH cut AS (SELECT coalesce((SELECT min(seq) FROM golden_changes WHERE at >= $1), "
      "(SELECT max(seq) + 1 FROM golden_changes)) AS seq), "
      "removed AS (DELETE FROM golden_changes WHERE seq < (SELECT seq FROM cut) RETURNING seq) "
      "UPDATE store_meta SET value = greatest(value, (SELECT max(seq) FROM removed)) "
      "WHERE name = 'changes_pruned_through' AND EXISTS (SELECT 1 FROM removed)",
      {before.changes_ms}, "prune changes"));
  return tx.Commit();
}

}  // namespace inlet::store
