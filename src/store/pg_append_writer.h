// Group commit for ingestion on PostgreSQL (private to the store module), with the
// contract of the SQLite AppendWriter (append_writer.h): requests hand their receipts to
// Submit() from any thread; one thread commits whatever has queued up in one transaction
// on a connection of its own. A receipt that may fail on its own (its Idempotency-Key
// stored first by another node; a bridge receipt's processing) runs under a savepoint
// and is undone alone; the others need none (two round trips each saved), and should
// one of them fail, the database failed, and the whole batch with it. COMMIT returns once
// the database has the transaction durable (synchronous_commit on), so a 200 follows it.
//
// Record seqs are handed out while the transaction holds store_meta's 'record_seq' row:
// the commits of all nodes that give seqs are serialized there, so a receipt's records
// have consecutive seqs and seq order is commit order across nodes.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "inlet/store/store.h"
#include "store/change_signal.h"
#include "store/pg_connection.h"
#include "store/write_health.h"

namespace inlet::store {

class PgAppendWriter {
 public:
  // `url` (with `lock_timeout_ms`) reconnects `db` when the connection is lost. Every commit's
  // outcome is noted in `health`; `changes` is notified after a commit in which a bridge receipt
  // changed golden records. Both must outlive this object.
  PgAppendWriter(std::string url, int lock_timeout_ms, std::unique_ptr<PgConnection> db,
                 WriteHealth& health, ChangeSignal& changes, bool change_feed);
  // Commits what is still queued, then stops the thread.
  ~PgAppendWriter();
  PgAppendWriter(const PgAppendWriter&) = delete;
  PgAppendWriter& operator=(const PgAppendWriter&) = delete;

  void Submit(ReceiptToStore receipt, CommitCallback done);
  void Flush();
  // True while receipts wait for a commit: a golden-record slice then ends soon, since a
  // commit may wait for the rows it holds.
  bool Waiting();

 private:
  struct Pending {
    ReceiptToStore receipt;
    CommitCallback done;
    Status status;
    int64_t last_record_seq = 0;
    bool wrote_changes = false;
  };

  void Loop();
  void CommitBatch(std::vector<Pending>& batch);
  Status WriteBatch(std::vector<Pending>& batch);
  Status WriteUnderSavepoint(Pending& pending, int64_t& next_seq, int64_t now_ms);
  Status WriteReceipt(Pending& pending, int64_t& next_seq, int64_t now_ms);
  Status Reconnect();

  const std::string url_;
  const int lock_timeout_ms_;
  std::unique_ptr<PgConnection> db_;
  WriteHealth& health_;
  ChangeSignal& changes_;
  const bool change_feed_;

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<Pending> queue_;
  bool busy_ = false;
  std::condition_variable idle_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace inlet::store
