// The embedded SQLite store: one database file `inlet.db` under the data directory.
#pragma once

#include <memory>
#include <string>

#include "inlet/common/status.h"
#include "inlet/store/store.h"

namespace inlet::store {

enum class Synchronous { kFull, kNormal };

struct SqliteOptions {
  std::string data_dir = "./data";  // created (mode 0700) when missing
  // FULL survives power loss; NORMAL in WAL mode survives a process crash only.
  Synchronous synchronous = Synchronous::kFull;
  int busy_timeout_ms = 5000;  // how long a write waits for another process's lock
  int reader_connections = 4;  // pooled read-only connections
  // False: golden-record writes append no changes, and reads of the feed are
  // kNotFound "change-feed-off" (retention.changesDays 0).
  bool change_feed = true;
};

// Opens (creating if needed) the database, sets WAL, and applies pending numbered
// migrations under `PRAGMA user_version`. A database whose user_version is newer than
// this binary knows is refused (kUnavailable, "schema-too-new", naming both versions)
// rather than written with assumptions that no longer hold.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// The schema version this binary writes.
int SqliteSchemaVersion();

}  // namespace inlet::store
