// Copies the WAL back into inlet.db on its own thread and connection (private to the
// store module), so that no commit does it.
//
// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that
// commit, and every request waiting for it, stalls while thousands of pages are copied
// and the database file is synced, and the writer thread (ingestion's bottleneck) does
// the copying. Here the writer only counts WAL pages after each commit and, past the
// threshold, wakes this thread, which runs a PASSIVE checkpoint: it never blocks the
// writer or readers, copies what no reader still needs, and SQLite restarts the WAL
// from its beginning on a later commit once all of it has been copied.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite_connection.h"

namespace inlet::store {

class Checkpointer {
 public:
  // Takes over the WAL hook of `writer` (so SQLite's automatic checkpoint is off) and
  // checkpoints through `own`, a connection to the same database. `writer` must outlive
  // this object.
  Checkpointer(Connection& writer, std::unique_ptr<Connection> own, int threshold_pages);
  // Stops the thread; the last connection to close checkpoints what is left.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  static int OnCommit(void* self, sqlite3* db, const char* name, int wal_pages);
  void Loop();

  Connection& writer_;
  std::unique_ptr<Connection> own_;
  const int threshold_pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace inlet::store
