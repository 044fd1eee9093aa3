// The PostgreSQL store (SPEC §12): every subject of store.h kept in one PostgreSQL
// database that any number of inlet nodes share, and preview search by PostgreSQL's
// full-text search. The embedded SQLite store (sqlite_store.h) stays the default.
#pragma once

#include <memory>
#include <string>

#include "inlet/common/status.h"
#include "inlet/store/search_index.h"
#include "inlet/store/store.h"

namespace inlet::store {

struct PostgresOptions {
  // A libpq connection URI or key=value string. The password may instead come from
  // PGPASSWORD or ~/.pgpass, as libpq reads them, so it need not sit in a config file.
  std::string url;
  // Pooled connections for reads, golden-record slices and job bookkeeping; ingestion's
  // group commit has one more of its own, and the admission look-ups two.
  int pool_size = 8;
  // False: golden-record writes append no changes (retention.changesDays 0).
  bool change_feed = true;
  // How long a job stays this node's without a renewal (processing.leaseMs): a job of a
  // node that died is taken over by another this long after its last renewal.
  int64_t lease_ms = 10000;
  // How long a statement waits for a lock another connection holds before it fails
  // (store.busyTimeoutMs); 0: as long as it takes.
  int lock_timeout_ms = 5000;
  // This node's name on the jobs it holds; empty: <host name>:<process id>.
  std::string node;
};

struct PostgresBackend {
  std::unique_ptr<Store> store;
  // Searches the records table's word index; nothing to build behind ingestion, so it is
  // never behind (Lag is 0).
  std::unique_ptr<SearchIndex> search;
};

// Connects, migrates the schema under an advisory lock (nodes starting together migrate
// once) and opens the store. kUnavailable when the server cannot be reached; a schema
// newer than this binary knows is refused ("schema-too-new").
Result<PostgresBackend> OpenPostgresStore(const PostgresOptions& options);

// The schema version this binary writes.
int PostgresSchemaVersion();

}  // namespace inlet::store
