#include "store/append_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "inlet/common/catch_all.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "store/golden_writer.h"

namespace inlet::store {
namespace {

// Enough to amortize a commit's fsync, small enough that the first request of a batch
// does not wait long for the last.
constexpr int64_t kMaxBatchRecords = 100000;

}  // namespace

AppendWriter::AppendWriter(Connection& db, WriterMutex& db_mutex, WriteHealth& health,
                           ChangeSignal& changes, bool change_feed)
    : db_(db),
      db_mutex_(db_mutex),
      health_(health),
      changes_(changes),
      change_feed_(change_feed),
      thread_([this] { Loop(); }) {}

AppendWriter::~AppendWriter() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_one();
  thread_.join();
}

void AppendWriter::Submit(ReceiptToStore receipt, CommitCallback done) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back({std::move(receipt), std::move(done), Status::Ok()});
  }
  queue_ready_.notify_one();
}

void AppendWriter::Flush() {
  std::unique_lock lock(queue_mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void AppendWriter::Loop() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(queue_mutex_);
      busy_ = false;
      if (queue_.empty()) idle_.notify_all();
      queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to commit
      busy_ = true;
      int64_t records = 0;
      while (!queue_.empty() && (batch.empty() || records < kMaxBatchRecords)) {
        records += static_cast<int64_t>(queue_.front().receipt.records.size());
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    if (std::any_of(batch.begin(), batch.end(),
                    [](const Pending& p) { return p.status.ok() && p.wrote_changes; })) {
      changes_.Notify();
    }
    for (auto& pending : batch) {
      // One request's callback failing must not keep the others unanswered.
      Status called = CatchAll("commit callback", [&] {
        pending.done(pending.status, pending.status.ok() ? pending.last_record_seq : 0);
        return Status::Ok();
      });
      if (!called.ok()) {
        spdlog::error("receipt {}: {}", pending.receipt.id, called.message());
      }
    }
  }
}

Status AppendWriter::LoadRecordSeq() {
  int64_t highest = 0;
  for (const char* sql :
       {"SELECT COALESCE(MAX(seq), 0) FROM records",
        "SELECT COALESCE(MAX(value), 0) FROM store_meta WHERE name = 'record_seq'"}) {
    INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare(sql, "read record sequence"));
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (row) highest = std::max(highest, stmt.Int(0));
  }
  last_record_seq_ = highest;
  return Status::Ok();
}

void AppendWriter::CommitBatch(std::vector<Pending>& batch) {
  std::lock_guard lock(db_mutex_);
  auto fail_all = [&](const Status& status) {
    for (auto& pending : batch) pending.status = status;
  };
  if (last_record_seq_ < 0) {
    Status loaded = LoadRecordSeq();
    if (!loaded.ok()) return fail_all(loaded);
  }
  const int64_t seq_at_start = last_record_seq_;
  // An exception unwinds through the transaction, which rolls back.
  Status status = CatchAll("ingestion commit", [&] { return WriteBatch(batch, seq_at_start); });
  health_.Note(status);
  if (status.ok()) return;
  spdlog::error("ingestion commit of {} receipt(s) failed: {}", batch.size(), status.message());
  // Nothing of the batch is stored, so none of the seqs it used was given out.
  last_record_seq_ = seq_at_start;
  for (auto& pending : batch) {
    if (pending.status.ok()) pending.status = status;
  }
  TruncateWal();
}

void AppendWriter::TruncateWal() {
  // Copies what is committed into inlet.db, then cuts the WAL to zero bytes. Waits for
  // readers (up to the busy timeout) like any checkpoint that restarts the WAL.
  const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                           nullptr, nullptr);
  if (rc == SQLITE_OK) {
    spdlog::info("store: the WAL was truncated after the failed commit");
  } else {
    spdlog::warn(
        "store: the WAL could not be truncated after the failed commit ({}); the "
        "next failed commit tries again",
        sqlite3_errstr(rc));
  }
}

Status AppendWriter::WriteBatch(std::vector<Pending>& batch, int64_t seq_at_start) {
  WriteTransaction tx(db_);
  INLET_RETURN_IF_ERROR(tx.Begin("begin ingestion commit"));

  const int64_t now = NowUnixMillis();
  std::map<int64_t, int64_t> added_per_endpoint;
  for (auto& pending : batch) {
    bool batch_intact = true;
    pending.status = WriteUnderSavepoint(pending, now, batch_intact);
    // The receipts written before this one went with the transaction, and the ones
    // after it would each commit on their own: the whole batch fails.
    if (!batch_intact) return pending.status;
    if (pending.status.ok() && pending.receipt.accepted > 0 && !pending.receipt.process_in_commit) {
      added_per_endpoint[pending.receipt.endpoint_key] +=
          static_cast<int64_t>(pending.receipt.records.size());
    }
  }

  for (const auto& [endpoint_key, added] : added_per_endpoint) {
    INLET_ASSIGN_OR_RETURN(
        auto stmt,
        db_.Prepare(
            "UPDATE endpoints SET record_count = record_count + ?1, "
            "status = CASE WHEN status IN ('no-data-sent', 'processed') THEN 'not-processed' "
            "ELSE status END "
            "WHERE key = ?2",
            "count endpoint records"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, added).Bind(2, endpoint_key).Run());
  }
  if (last_record_seq_ != seq_at_start) {
    INLET_ASSIGN_OR_RETURN(
        auto stmt, db_.Prepare("INSERT INTO store_meta (name, value) VALUES ('record_seq', ?1) "
                               "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                               "keep record sequence"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, last_record_seq_).Run());
  }
  return tx.Commit("commit ingestion");
}

Status AppendWriter::WriteUnderSavepoint(Pending& pending, int64_t now_ms, bool& batch_intact) {
  const int64_t seq_before = last_record_seq_;
  Status status = db_.Exec("SAVEPOINT receipt", "begin receipt");
  if (status.ok()) {
    // A bridge receipt runs the golden-record engine here; what it throws fails this
    // receipt alone.
    status = CatchAll("store receipt", [&] { return WriteReceipt(pending, now_ms); });
    if (status.ok()) status = db_.Exec("RELEASE receipt", "end receipt");
  }
  if (status.ok()) return status;
  last_record_seq_ = seq_before;
  if (!db_.InTransaction()) {
    batch_intact = false;
    return status;
  }
  // Undone alone, the others of the batch still commit. When the undo itself fails, what
  // the transaction holds is unknown, and committing it could keep half of this receipt.
  Status undone = db_.Exec("ROLLBACK TO receipt", "undo receipt");
  if (undone.ok()) undone = db_.Exec("RELEASE receipt", "end receipt");
  if (!undone.ok() || !db_.InTransaction()) batch_intact = false;
  return status;
}

Status AppendWriter::WriteReceipt(Pending& pending, int64_t now_ms) {
  const ReceiptToStore& receipt = pending.receipt;
  const bool has_records = !receipt.records.empty();
  if (has_records)
    pending.last_record_seq = last_record_seq_ + static_cast<int64_t>(receipt.records.size());
  const int64_t first = last_record_seq_ + 1;
  const int64_t last = last_record_seq_ + static_cast<int64_t>(receipt.records.size());
  int64_t receipt_seq = 0;
  {
    INLET_ASSIGN_OR_RETURN(
        auto stmt,
        db_.Prepare(
            "INSERT INTO receipts (id, endpoint_key, received_at, http_status, received, accepted, "
            "rejected, warnings, errors, response, first_record_seq, last_record_seq) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            "store receipt"));
    stmt.Bind(1, receipt.id)
        .Bind(2, receipt.endpoint_key)
        .Bind(3, receipt.received_at_ms)
        .Bind(4, receipt.http_status)
        .Bind(5, receipt.received)
        .Bind(6, receipt.accepted)
        .Bind(7, receipt.rejected)
        .Bind(8, receipt.warnings)
        .Bind(9, receipt.errors)
        .Bind(10, receipt.response)
        .Bind(11, has_records ? std::optional<int64_t>(first) : std::nullopt)
        .Bind(12, has_records ? std::optional<int64_t>(last) : std::nullopt);
    INLET_RETURN_IF_ERROR(stmt.Run());
    receipt_seq = db_.LastInsertRowid();
  }
  if (has_records && receipt.process_in_commit) {
    std::vector<StoredRecord> records;
    records.reserve(receipt.records.size());
    for (const auto& record : receipt.records) {
      records.push_back({++last_record_seq_, receipt.endpoint_key, NewUuidV7(), receipt.id,
                         receipt.received_at_ms, record.row_index, record.data, receipt_seq});
    }
    SqliteGoldenWriter writer(db_, nullptr, change_feed_);
    INLET_RETURN_IF_ERROR(receipt.process_in_commit(writer, receipt_seq, records));
    pending.wrote_changes = writer.wrote_changes();
  } else if (has_records) {
    INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("INSERT INTO records (seq, endpoint_key, "
                                                  "receipt_seq, row_index, id, received_at, data) "
                                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                                  "store record"));
    for (const auto& record : receipt.records) {
      std::string id = NewUuidV7();
      INLET_RETURN_IF_ERROR(stmt.Bind(1, ++last_record_seq_)
                                .Bind(2, receipt.endpoint_key)
                                .Bind(3, receipt_seq)
                                .Bind(4, record.row_index)
                                .Bind(5, id)
                                .Bind(6, receipt.received_at_ms)
                                .Bind(7, record.data)
                                .Run());
    }
  }
  for (const auto& log : receipt.logs) {
    INLET_RETURN_IF_ERROR(InsertLogRow(db_, receipt.endpoint_key, receipt_seq, log, now_ms));
  }
  if (receipt.idempotency) {
    INLET_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("INSERT INTO idempotency_keys (endpoint_key, "
                                                  "key, request_hash, receipt_seq, created_at) "
                                                  "VALUES (?1, ?2, ?3, ?4, ?5)",
                                                  "store idempotency key"));
    const auto& hash = receipt.idempotency->request_hash;
    INLET_RETURN_IF_ERROR(stmt.Bind(1, receipt.endpoint_key)
                              .Bind(2, receipt.idempotency->key)
                              .BindBlob(3, hash.data(), hash.size())
                              .Bind(4, receipt_seq)
                              .Bind(5, now_ms)
                              .Run());
  }
  return Status::Ok();
}

}  // namespace inlet::store
