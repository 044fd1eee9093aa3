// The store: everything inlet keeps, behind an interface that never shows SQL.
//
// The SQLite implementation (sqlite_store.h) is the embedded default; another engine can
// implement the same interfaces later: tokens.h, endpoints.h, records.h, logs.h,
// golden.h, jobs.h, and search_index.h for the search follower. Every method is safe to call from
// many threads at once. Failures come back as Status values: kNotFound with a message id naming
// what was missing, kConflict when the current state forbids the change, kUnavailable when the
// database cannot be reached or written (disk full, locked past the busy timeout), and
// kInternal for anything else. Messages carry context but never SQL text.
#pragma once

#include <cstdint>
#include <string>

#include "inlet/common/status.h"
#include "inlet/store/endpoints.h"
#include "inlet/store/golden.h"
#include "inlet/store/jobs.h"
#include "inlet/store/logs.h"
#include "inlet/store/records.h"
#include "inlet/store/tokens.h"

namespace inlet::store {

// What the store reports about itself at start and on /readyz.
struct StoreInfo {
  std::string engine;        // "sqlite"
  std::string location;      // the database file
  std::string journal_mode;  // effective, as the engine reports it ("wal")
  std::string synchronous;   // effective ("full" or "normal")
  int schema_version = 0;
};

// Cut-off times of retention, in ms since the epoch.
struct PruneBefore {
  int64_t receipts_ms = 0;  // receipts and logs
  int64_t keys_ms = 0;      // idempotency keys
  int64_t changes_ms = 0;   // the change feed
};

// Everything the store keeps, one interface per subject. A caller that needs one subject
// takes that interface (an Authenticator takes a TokenStore); the composition root holds
// the whole Store.
class Store : public TokenStore,
              public EndpointStore,
              public RecordStore,
              public LogStore,
              public GoldenStore,
              public JobStore {
 public:
  ~Store() override = default;

  // Deletes receipts and logs received before `before.receipts_ms`, idempotency keys
  // stored before `before.keys_ms` and changes of the change feed written before
  // `before.changes_ms`. Records stay: they are data, not history; and so do golden
  // records' histories.
  virtual Status Prune(const PruneBefore& before) = 0;
  // Ok when the database accepts writes: proven by a commit (an ingestion commit or a
  // probe row written for this) at most about a second old, so that asking often writes
  // nothing more. Else kUnavailable.
  virtual Status CheckWritable() = 0;
  virtual StoreInfo Info() const = 0;
  // True when any number of inlet nodes may use this store at once (PostgreSQL): jobs
  // then outlive their node (jobs.h), and what a node derives from the records (field
  // profiles) follows every node's records rather than its own commits.
  virtual bool SharedByNodes() const = 0;
};

}  // namespace inlet::store
