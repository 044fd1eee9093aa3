// A running server's store behind its back, whichever backend it uses (SQLite file or
// PostgreSQL database): for the end-to-end tests that check what was written or hold a
// lock another writer would.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "support/server_process.h"

namespace inlet::testing {

// The first column of the first row of `sql` (valid on both engines) as an integer.
int64_t QueryStoreInt(const ServerProcess& server, const std::string& sql);

// Runs `sql` (one or more statements valid on both engines) on the store of a server of
// `data_dir`, while no server runs on it: SQLite's file, or in PostgreSQL mode the data
// directory's database.
void ExecStoreSql(const std::string& data_dir, const std::string& sql);

// Holds what an ingestion commit must take until destroyed (SQLite's write lock, or
// the PostgreSQL row that orders record seqs), as another writer would: the server's
// commits wait up to store.busyTimeoutMs and then fail.
class StoreCommitLock {
 public:
  explicit StoreCommitLock(const ServerProcess& server);
  ~StoreCommitLock();
  StoreCommitLock(const StoreCommitLock&) = delete;
  StoreCommitLock& operator=(const StoreCommitLock&) = delete;

 private:
  struct Held;
  std::unique_ptr<Held> held_;
};

}  // namespace inlet::testing
