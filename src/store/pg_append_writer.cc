#include "store/pg_append_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "inlet/common/catch_all.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "store/pg_array.h"
#include "store/pg_golden_writer.h"
#include "store/pg_schema.h"

namespace inlet::store {
namespace {

// As on SQLite: enough to amortize a commit, small enough that the first request of a
// batch does not wait long for the last.
constexpr int64_t kMaxBatchRecords = 100000;

}  // namespace

PgAppendWriter::PgAppendWriter(std::string url, int lock_timeout_ms,
                               std::unique_ptr<PgConnection> db, WriteHealth& health,
                               ChangeSignal& changes, bool change_feed)
    : url_(std::move(url)),
      lock_timeout_ms_(lock_timeout_ms),
      db_(std::move(db)),
      health_(health),
      changes_(changes),
      change_feed_(change_feed),
      thread_([this] { Loop(); }) {}

PgAppendWriter::~PgAppendWriter() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_ready_.notify_one();
  thread_.join();
}

void PgAppendWriter::Submit(ReceiptToStore receipt, CommitCallback done) {
  {
    std::lock_guard lock(queue_mutex_);
    queue_.push_back({std::move(receipt), std::move(done), Status::Ok()});
  }
  queue_ready_.notify_one();
}

void PgAppendWriter::Flush() {
  std::unique_lock lock(queue_mutex_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

bool PgAppendWriter::Waiting() {
  std::lock_guard lock(queue_mutex_);
  return !queue_.empty();
}

void PgAppendWriter::Loop() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(queue_mutex_);
      busy_ = false;
      if (queue_.empty()) idle_.notify_all();
      queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
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
      Status called = CatchAll("commit callback", [&] {
        pending.done(pending.status, pending.status.ok() ? pending.last_record_seq : 0);
        return Status::Ok();
      });
      if (!called.ok()) spdlog::error("receipt {}: {}", pending.receipt.id, called.message());
    }
  }
}

Status PgAppendWriter::Reconnect() {
  if (db_ && db_->Healthy()) return Status::Ok();
  db_.reset();
  INLET_ASSIGN_OR_RETURN(db_, PgConnection::Open(url_, lock_timeout_ms_));
  return Status::Ok();
}

void PgAppendWriter::CommitBatch(std::vector<Pending>& batch) {
  Status status = Reconnect();
  // An exception unwinds through the transaction, which rolls back.
  if (status.ok()) status = CatchAll("ingestion commit", [&] { return WriteBatch(batch); });
  health_.Note(status);
  if (status.ok()) return;
  spdlog::error("ingestion commit of {} receipt(s) failed: {}", batch.size(), status.message());
  for (auto& pending : batch) {
    if (pending.status.ok()) pending.status = status;
    pending.last_record_seq = 0;
  }
}

Status PgAppendWriter::WriteBatch(std::vector<Pending>& batch) {
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db_, "begin ingestion commit"));
  INLET_ASSIGN_OR_RETURN(
      PgResult seq, db_->Query("SELECT value FROM store_meta WHERE name = 'record_seq' FOR UPDATE",
                               {}, "wait for other nodes' record seqs"));
  const int64_t seq_at_start = seq.Int(0, 0);
  int64_t next_seq = seq_at_start + 1;
  const int64_t now = NowUnixMillis();
  std::map<int64_t, int64_t> added_per_endpoint;
  for (auto& pending : batch) {
    const bool may_fail_alone =
        pending.receipt.idempotency.has_value() || pending.receipt.process_in_commit;
    if (may_fail_alone) {
      pending.status = WriteUnderSavepoint(pending, next_seq, now);
      if (!db_->Healthy()) return pending.status;  // the transaction went with the connection
    } else {
      // Nothing in a plain receipt can conflict with another's: a failure is the
      // database's, and fails the whole batch.
      pending.status =
          CatchAll("store receipt", [&] { return WriteReceipt(pending, next_seq, now); });
      if (!pending.status.ok()) return pending.status;
    }
    if (pending.status.ok() && pending.receipt.accepted > 0 && !pending.receipt.process_in_commit) {
      added_per_endpoint[pending.receipt.endpoint_key] +=
          static_cast<int64_t>(pending.receipt.records.size());
    }
  }
  for (const auto& [endpoint_key, added] : added_per_endpoint) {
    INLET_RETURN_IF_ERROR(
        db_->Run("UPDATE endpoints SET record_count = record_count + $1, "
                 "status = CASE WHEN status IN ('no-data-sent', 'processed') THEN 'not-processed' "
                 "ELSE status END WHERE key = $2",
                 {added, endpoint_key}, "count endpoint records"));
  }
  if (next_seq != seq_at_start + 1) {
    INLET_RETURN_IF_ERROR(db_->Run("UPDATE store_meta SET value = $1 WHERE name = 'record_seq'",
                                   {next_seq - 1}, "keep record sequence"));
  }
  return tx.Commit();
}

Status PgAppendWriter::WriteUnderSavepoint(Pending& pending, int64_t& next_seq, int64_t now_ms) {
  const int64_t seq_before = next_seq;
  Status status = db_->Run("SAVEPOINT receipt", {}, "begin receipt");
  if (status.ok()) {
    // A bridge receipt runs the golden-record engine here; what it throws fails this
    // receipt alone.
    status = CatchAll("store receipt", [&] { return WriteReceipt(pending, next_seq, now_ms); });
    if (status.ok()) status = db_->Run("RELEASE receipt", {}, "end receipt");
  }
  if (status.ok()) return status;
  next_seq = seq_before;
  pending.last_record_seq = 0;
  Status undone = db_->Run("ROLLBACK TO receipt", {}, "undo receipt");
  if (!undone.ok()) return undone.WithContext(status.message());
  return status;
}

Status PgAppendWriter::WriteReceipt(Pending& pending, int64_t& next_seq, int64_t now_ms) {
  const ReceiptToStore& receipt = pending.receipt;
  const auto count = static_cast<int64_t>(receipt.records.size());
  const bool has_records = count > 0;
  const int64_t first = next_seq;
  const int64_t last = next_seq + count - 1;
  INLET_ASSIGN_OR_RETURN(
      PgResult inserted,
      db_->Query("INSERT INTO receipts (id, endpoint_key, received_at, http_status, received, "
                 "accepted, rejected, warnings, errors, response, first_record_seq, "
                 "last_record_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                 "RETURNING seq",
                 {receipt.id, receipt.endpoint_key, receipt.received_at_ms,
                  static_cast<int64_t>(receipt.http_status), receipt.received, receipt.accepted,
                  receipt.rejected, receipt.warnings, receipt.errors, receipt.response,
                  has_records ? std::optional<int64_t>(first) : std::nullopt,
                  has_records ? std::optional<int64_t>(last) : std::nullopt},
                 "store receipt"));
  const int64_t receipt_seq = inserted.Int(0, 0);
  // The key first: when another node stored it, this receipt fails before any record.
  if (receipt.idempotency) {
    const auto& hash = receipt.idempotency->request_hash;
    INLET_RETURN_IF_ERROR(db_->Run(
        "INSERT INTO idempotency_keys (endpoint_key, key, request_hash, receipt_seq, created_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {receipt.endpoint_key, receipt.idempotency->key, PgParam::Bytes(hash.data(), hash.size()),
         receipt_seq, now_ms},
        "store idempotency key"));
  }
  std::vector<std::string> ids;
  ids.reserve(receipt.records.size());
  for (size_t i = 0; i < receipt.records.size(); ++i) ids.push_back(NewUuidV7());
  if (has_records && receipt.process_in_commit) {
    std::vector<StoredRecord> records;
    records.reserve(receipt.records.size());
    for (size_t i = 0; i < receipt.records.size(); ++i) {
      const auto& record = receipt.records[i];
      records.push_back({first + static_cast<int64_t>(i), receipt.endpoint_key, ids[i], receipt.id,
                         receipt.received_at_ms, record.row_index, record.data, receipt_seq});
    }
    INLET_RETURN_IF_ERROR(LockGoldenWrites(*db_));
    PgGoldenWriter writer(*db_, nullptr, change_feed_);
    INLET_RETURN_IF_ERROR(receipt.process_in_commit(writer, receipt_seq, records));
    pending.wrote_changes = writer.wrote_changes();
  } else if (has_records) {
    std::vector<int64_t> row_indexes;
    std::string data = "{";
    row_indexes.reserve(receipt.records.size());
    for (const auto& record : receipt.records) {
      row_indexes.push_back(record.row_index);
      AppendArrayElement(data, record.data);
    }
    data.push_back('}');
    INLET_RETURN_IF_ERROR(db_->Run(
        "INSERT INTO records (seq, endpoint_key, receipt_seq, row_index, id, received_at, data) "
        "SELECT $1 + n - 1, $2, $3, r, i, $4, d "
        "FROM unnest($5::bigint[], $6::text[], $7::text[]) WITH ORDINALITY AS t (r, i, d, n)",
        {first, receipt.endpoint_key, receipt_seq, receipt.received_at_ms, IntArray(row_indexes),
         TextArray(ids), data},
        "store records"));
  }
  for (const auto& log : receipt.logs) {
    INLET_RETURN_IF_ERROR(PgInsertLogRow(*db_, receipt.endpoint_key, receipt_seq, log, now_ms));
  }
  if (has_records) {
    next_seq = last + 1;
    pending.last_record_seq = last;
  }
  return Status::Ok();
}

}  // namespace inlet::store
