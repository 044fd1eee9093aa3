// Store methods that read what ingestion wrote: preview records, receipts, logs,
// idempotency keys; and the deletes that empty or prune them.
#include <algorithm>
#include <cstring>
#include <string_view>

#include "store/prune_queries.h"
#include "store/row_readers.h"
#include "store/sqlite_store_impl.h"

namespace inlet::store {
namespace {

constexpr int64_t kNoCursor = INT64_MAX;

template <typename ReadRow, typename T>
Status CollectRows(Statement& stmt, ReadRow read, std::vector<T>& out) {
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return Status::Ok();
    out.push_back(read(stmt));
  }
}

}  // namespace

Result<std::vector<StoredRecord>> SqliteStore::ListRecords(const RecordQuery& query) {
  auto db = readers_.Acquire();
  int64_t first = 0;
  int64_t last = kNoCursor;
  if (query.receipt_id) {
    INLET_ASSIGN_OR_RETURN(
        auto range,
        db->Prepare("SELECT first_record_seq, last_record_seq FROM receipts WHERE id = ?1 AND "
                    "endpoint_key = ?2",
                    "find receipt records"));
    range.Bind(1, *query.receipt_id).Bind(2, query.endpoint_key);
    INLET_ASSIGN_OR_RETURN(auto row, range.Step());
    if (!row || !range.OptionalInt(0)) return std::vector<StoredRecord>{};
    first = range.Int(0);
    last = range.Int(1);
  }
  if (query.after_seq) first = std::max(first, *query.after_seq + 1);
  int64_t below =
      std::min(query.before_seq.value_or(kNoCursor), last == kNoCursor ? last : last + 1);
  // Two statements rather than a spliced ORDER BY: both directions stay prepared.
  static constexpr char kNewestFirst[] = INLET_STORED_RECORD_COLUMNS
      "WHERE r.endpoint_key = ?1 AND r.seq >= ?2 AND r.seq < ?3 ORDER BY r.seq DESC LIMIT ?4";
  static constexpr char kOldestFirst[] = INLET_STORED_RECORD_COLUMNS
      "WHERE r.endpoint_key = ?1 AND r.seq >= ?2 AND r.seq < ?3 ORDER BY r.seq ASC LIMIT ?4";
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db->Prepare(query.after_seq ? kOldestFirst : kNewestFirst, "list records"));
  stmt.Bind(1, query.endpoint_key).Bind(2, first).Bind(3, below).Bind(4, query.limit);
  std::vector<StoredRecord> records;
  uint64_t bytes = 0;
  for (;;) {
    if (query.max_bytes > 0 && bytes >= query.max_bytes) return records;
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return records;
    records.push_back(RecordFromRow(stmt));
    bytes += records.back().data.size();
  }
}

Result<std::vector<StoredRecord>> SqliteStore::ListRecordsSince(int64_t after_seq, int limit) {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, db->Prepare(INLET_STORED_RECORD_COLUMNS
                                                "WHERE r.seq > ?1 ORDER BY r.seq ASC LIMIT ?2",
                                                "list new records"));
  stmt.Bind(1, after_seq).Bind(2, limit);
  std::vector<StoredRecord> records;
  INLET_RETURN_IF_ERROR(CollectRows(stmt, RecordFromRow<Statement>, records));
  return records;
}

Result<int64_t> SqliteStore::LastRecordSeq() {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db->Prepare("SELECT COALESCE(MAX(seq), 0) FROM records", "read last record seq"));
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

Result<std::vector<StoredRecord>> SqliteStore::GetRecords(int64_t endpoint_key,
                                                          const std::vector<int64_t>& seqs) {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db->Prepare(INLET_STORED_RECORD_COLUMNS "WHERE r.seq = ?1 AND r.endpoint_key = ?2",
                             "read record"));
  std::vector<StoredRecord> records;
  std::vector<int64_t> ordered = seqs;
  std::sort(ordered.rbegin(), ordered.rend());
  for (int64_t seq : ordered) {
    stmt.Bind(1, seq).Bind(2, endpoint_key);
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (row) records.push_back(RecordFromRow(stmt));
    INLET_RETURN_IF_ERROR(stmt.Run());  // finishes and resets for the next seq
  }
  return records;
}

Result<int64_t> SqliteStore::CountRecordsAfter(int64_t endpoint_key, int64_t after_seq) {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db->Prepare("SELECT COUNT(*) FROM records WHERE endpoint_key = ?1 AND seq > ?2",
                             "count new records"));
  stmt.Bind(1, endpoint_key).Bind(2, after_seq);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

Status SqliteStore::ClearRecords(int64_t endpoint_key) {
  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("clear records"));
  for (const char* sql : {"DELETE FROM records WHERE endpoint_key = ?1",
                          "DELETE FROM field_profiles WHERE endpoint_key = ?1",
                          "UPDATE endpoints SET record_count = 0 WHERE key = ?1"}) {
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(sql, "clear records"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, endpoint_key).Run());
  }
  return tx.Commit("clear records");
}

Result<std::vector<Receipt>> SqliteStore::ListReceipts(int64_t endpoint_key,
                                                       std::optional<int64_t> before_seq,
                                                       int limit) {
  static const std::string kSql = std::string(kReceiptListColumns) +
                                  "WHERE rc.endpoint_key = ?1 AND rc.seq < ?2 "
                                  "ORDER BY rc.seq DESC LIMIT ?3";
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, db->Prepare(kSql, "list receipts"));
  stmt.Bind(1, endpoint_key).Bind(2, before_seq.value_or(kNoCursor)).Bind(3, limit);
  std::vector<Receipt> receipts;
  INLET_RETURN_IF_ERROR(CollectRows(stmt, ReceiptFromRow<Statement>, receipts));
  return receipts;
}

Result<Receipt> SqliteStore::GetReceipt(const std::string& receipt_id) {
  static const std::string kSql = std::string(kReceiptColumns) + "WHERE rc.id = ?1";
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, db->Prepare(kSql, "read receipt"));
  stmt.Bind(1, receipt_id);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return Status::NotFound("receipt-not-found", "no receipt has the id " + receipt_id);
  return ReceiptFromRow(stmt);
}

Result<std::vector<StoredLogRow>> SqliteStore::ListLogs(const LogQuery& query) {
  // Optional filters are bound as NULL and compared with IS NULL, so one prepared
  // statement serves every combination.
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare(std::string(kLogColumns) +
                      "WHERE l.endpoint_key = ?1 AND l.seq < ?2 AND (?3 IS NULL OR l.level = ?3) "
                      "AND (?4 IS NULL OR l.domain = ?4) AND (?5 IS NULL OR rc.id = ?5) "
                      "ORDER BY l.seq DESC LIMIT ?6",
                  "list logs"));
  stmt.Bind(1, query.endpoint_key).Bind(2, query.before_seq.value_or(kNoCursor));
  auto bind_filter = [&stmt](int index, std::optional<std::string_view> filter) {
    if (filter) {
      stmt.Bind(index, *filter);
    } else {
      stmt.BindNull(index);
    }
  };
  bind_filter(3, query.level ? std::optional(ToString(*query.level)) : std::nullopt);
  bind_filter(4, query.domain ? std::optional(ToString(*query.domain)) : std::nullopt);
  bind_filter(5, query.receipt_id);
  stmt.Bind(6, query.limit);
  std::vector<StoredLogRow> logs;
  INLET_RETURN_IF_ERROR(CollectRows(stmt, LogFromRow<Statement>, logs));
  return logs;
}

Status SqliteStore::PurgeLogs(int64_t endpoint_key) {
  std::lock_guard lock(writer_mutex_);
  INLET_ASSIGN_OR_RETURN(
      auto stmt, writer_->Prepare("DELETE FROM logs WHERE endpoint_key = ?1", "purge logs"));
  return stmt.Bind(1, endpoint_key).Run();
}

Result<std::optional<IdempotentAnswer>> SqliteStore::FindIdempotentAnswer(int64_t endpoint_key,
                                                                          const std::string& key) {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      db->Prepare(
          "SELECT k.request_hash, rc.id, rc.http_status, rc.response FROM idempotency_keys k "
          "JOIN receipts rc ON rc.seq = k.receipt_seq WHERE k.endpoint_key = ?1 AND k.key = ?2",
          "find idempotency key"));
  stmt.Bind(1, endpoint_key).Bind(2, key);
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return std::optional<IdempotentAnswer>();
  IdempotentAnswer answer;
  std::string_view hash = stmt.Blob(0);
  if (hash.size() == answer.request_hash.size()) {
    std::memcpy(answer.request_hash.data(), hash.data(), hash.size());
  }
  answer.receipt_id = stmt.Text(1);
  answer.http_status = static_cast<int>(stmt.Int(2));
  answer.response = stmt.Text(3);
  return std::optional<IdempotentAnswer>(std::move(answer));
}

Result<std::vector<Snapshot>> SqliteStore::LoadFieldProfiles() {
  auto db = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(
      auto stmt, db->Prepare("SELECT endpoint_key, profile, through_seq FROM field_profiles",
                             "load field profiles"));
  std::vector<Snapshot> snapshots;
  INLET_RETURN_IF_ERROR(CollectRows(
      stmt,
      [](const Statement& row) {
        return Snapshot{row.Int(0), std::string(row.Blob(1)), row.Int(2)};
      },
      snapshots));
  return snapshots;
}

Status SqliteStore::SaveFieldProfile(const Snapshot& snapshot) {
  std::lock_guard lock(writer_mutex_);
  // Only while the endpoint exists: a profile saved after a delete would outlive it.
  INLET_ASSIGN_OR_RETURN(
      auto stmt,
      writer_->Prepare("INSERT INTO field_profiles (endpoint_key, profile, through_seq) "
                       "SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM endpoints WHERE key = ?1) "
                       "ON CONFLICT (endpoint_key) DO UPDATE SET profile = excluded.profile, "
                       "through_seq = excluded.through_seq",
                       "save field profile"));
  return stmt.Bind(1, snapshot.endpoint_key)
      .BindBlob(2, snapshot.bytes.data(), snapshot.bytes.size())
      .Bind(3, snapshot.through_seq)
      .Run();
}

const std::vector<PruneDelete>& PruneDeletes() {
  static const std::vector<PruneDelete> kDeletes = {
      {"DELETE FROM idempotency_keys WHERE created_at < ?1", true},
      {"DELETE FROM logs WHERE created_at < ?1", false},
      {"DELETE FROM receipts WHERE received_at < ?1", false},
  };
  return kDeletes;
}

namespace {

// Changes are appended in time order, so those older than `before_ms` are a prefix of the
// feed: found by reading it from its start (only as far as the old ones go) and deleted
// by seq. The highest seq removed is kept: a cursor at or below it is expired, and seqs
// never start over when every change is gone.
Status PruneChanges(Connection& db, int64_t before_ms) {
  INLET_ASSIGN_OR_RETURN(
      auto find, db.Prepare("SELECT COALESCE((SELECT seq FROM golden_changes WHERE at >= ?1 "
                            "ORDER BY seq LIMIT 1), (SELECT MAX(seq) + 1 FROM golden_changes)), "
                            "(SELECT MIN(seq) FROM golden_changes)",
                            "find changes past retention"));
  find.Bind(1, before_ms);
  INLET_ASSIGN_OR_RETURN(auto row, find.Step());
  if (!row || find.IsNull(0) || find.IsNull(1)) return Status::Ok();  // no changes
  const int64_t cut = find.Int(0), oldest = find.Int(1);
  if (cut <= oldest) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(auto remove,
                         db.Prepare("DELETE FROM golden_changes WHERE seq < ?1", "prune changes"));
  INLET_RETURN_IF_ERROR(remove.Bind(1, cut).Run());
  INLET_ASSIGN_OR_RETURN(
      auto keep,
      db.Prepare("INSERT INTO store_meta (name, value) VALUES ('changes_pruned_through', ?1) "
                 "ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)",
                 "keep where the change feed starts"));
  return keep.Bind(1, cut - 1).Run();
}

}  // namespace

Status SqliteStore::Prune(const PruneBefore& before) {
  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("prune"));
  for (const auto& prune : PruneDeletes()) {
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(prune.sql, "prune"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, prune.keys ? before.keys_ms : before.receipts_ms).Run());
  }
  INLET_RETURN_IF_ERROR(PruneChanges(*writer_, before.changes_ms));
  return tx.Commit("prune");
}

}  // namespace inlet::store
