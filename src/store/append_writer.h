// Group commit for ingestion (private to the store module).
//
// Requests hand their receipts to Submit() from any thread; one writer thread takes
// whatever has queued up, commits it all in one transaction and then tells every
// request. Under load, many requests share one fsync; alone, a request waits for just
// its own. Each receipt runs under a savepoint, so one that fails (say, a reused
// idempotency key) is rolled back alone and the others still commit. A failure that
// ends the transaction itself (disk full, I/O error: SQLite may roll it back on its
// own) fails every receipt of the batch, and none of them is stored.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "inlet/store/store.h"
#include "store/change_signal.h"
#include "store/sqlite_connection.h"
#include "store/write_health.h"
#include "store/writer_mutex.h"

namespace inlet::store {

class AppendWriter {
 public:
  // `db` is the writer connection, shared with other writers under `db_mutex`; every
  // commit's outcome is noted in `health`. All three must outlive this object.
  // `changes` is notified after a commit in which a bridge receipt changed golden records.
  // `change_feed` false: bridge receipts append no changes (SqliteOptions).
  AppendWriter(Connection& db, WriterMutex& db_mutex, WriteHealth& health, ChangeSignal& changes,
               bool change_feed = true);
  // Commits what is still queued, then stops the thread.
  ~AppendWriter();
  AppendWriter(const AppendWriter&) = delete;
  AppendWriter& operator=(const AppendWriter&) = delete;

  void Submit(ReceiptToStore receipt, CommitCallback done);
  // Waits until the queue is empty and no batch is being committed or called back.
  void Flush();

 private:
  struct Pending {
    ReceiptToStore receipt;
    CommitCallback done;
    Status status;
    int64_t last_record_seq = 0;
    bool wrote_changes = false;  // its bridge hook changed golden records
  };

  void Loop();
  // Commits the batch, or none of it: every receipt then carries the failure.
  void CommitBatch(std::vector<Pending>& batch);
  // One transaction over the batch; ok once committed. `seq_at_start`: the highest record
  // seq before it.
  Status WriteBatch(std::vector<Pending>& batch, int64_t seq_at_start);
  // Writes one receipt under a savepoint and undoes it alone when it fails. Sets
  // `batch_intact` to false when the failure took the batch's transaction with it (SQLite
  // rolled it back) or left it in a state that must not be committed.
  Status WriteUnderSavepoint(Pending& pending, int64_t now_ms, bool& batch_intact);
  Status WriteReceipt(Pending& pending, int64_t now_ms);
  // After a failed commit. The failed transaction's pages can be what fills the disk:
  // they stay in the WAL file, and the WAL cannot start over while committed pages in
  // it wait to be copied into a database file that has no room to grow. And when an
  // fsync failed, the commit's frames may all be in the WAL although COMMIT failed; a
  // restart would replay them. A WAL cut to nothing gives the space back and forgets
  // those frames.
  void TruncateWal();
  Status LoadRecordSeq();

  Connection& db_;
  WriterMutex& db_mutex_;
  WriteHealth& health_;
  ChangeSignal& changes_;
  const bool change_feed_;
  int64_t last_record_seq_ = -1;  // highest seq ever given; -1 until loaded

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<Pending> queue_;
  bool busy_ = false;  // a batch taken from the queue is not finished yet
  std::condition_variable idle_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace inlet::store
