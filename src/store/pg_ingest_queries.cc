// PgStore methods that read what ingestion wrote: preview records, receipts, logs,
// idempotency keys, field profiles; and the deletes that empty them.
#include <algorithm>
#include <cstring>

#include "store/pg_array.h"
#include "store/pg_store.h"
#include "store/row_readers.h"

namespace inlet::store {
namespace {

constexpr int64_t kNoCursor = INT64_MAX;

template <typename T, typename ReadRow>
std::vector<T> AllRows(const PgResult& rows, ReadRow read) {
  std::vector<T> out;
  out.reserve(static_cast<size_t>(rows.Rows()));
  for (int i = 0; i < rows.Rows(); ++i) out.push_back(read(PgRow(rows, i)));
  return out;
}

}  // namespace

Result<std::vector<StoredRecord>> PgStore::ListRecords(const RecordQuery& query) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  int64_t first = 0;
  int64_t last = kNoCursor;
  if (query.receipt_id) {
    INLET_ASSIGN_OR_RETURN(
        PgResult range,
        db->Query("SELECT first_record_seq, last_record_seq FROM receipts WHERE id = $1 AND "
                  "endpoint_key = $2",
                  {*query.receipt_id, query.endpoint_key}, "find receipt records"));
    if (range.Rows() == 0 || range.IsNull(0, 0)) return std::vector<StoredRecord>{};
    first = range.Int(0, 0);
    last = range.Int(0, 1);
  }
  if (query.after_seq) first = std::max(first, *query.after_seq + 1);
  const int64_t below =
      std::min(query.before_seq.value_or(kNoCursor), last == kNoCursor ? last : last + 1);
  const std::string sql = std::string(INLET_STORED_RECORD_COLUMNS) +
                          "WHERE r.endpoint_key = $1 AND r.seq >= $2 AND r.seq < $3 ORDER BY "
                          "r.seq " +
                          (query.after_seq ? "ASC" : "DESC") + " LIMIT $4";
  // With a byte bound, rows are read in pages so that a page of large records is not all
  // held at once.
  const int64_t page = query.max_bytes > 0 ? std::min(query.limit, 16) : query.limit;
  std::vector<StoredRecord> records;
  uint64_t bytes = 0;
  int64_t low = first, high = below;
  while (static_cast<int64_t>(records.size()) < query.limit) {
    const int64_t want =
        std::min<int64_t>(page, query.limit - static_cast<int64_t>(records.size()));
    INLET_ASSIGN_OR_RETURN(PgResult rows,
                           db->Query(sql, {query.endpoint_key, low, high, want}, "list records"));
    for (int i = 0; i < rows.Rows(); ++i) {
      if (query.max_bytes > 0 && bytes >= query.max_bytes) return records;
      records.push_back(RecordFromRow(PgRow(rows, i)));
      bytes += records.back().data.size();
    }
    if (rows.Rows() < want || (query.max_bytes > 0 && bytes >= query.max_bytes)) break;
    if (query.after_seq) {
      low = records.back().seq + 1;
    } else {
      high = records.back().seq;
    }
  }
  return records;
}

Result<std::vector<StoredRecord>> PgStore::ListRecordsSince(int64_t after_seq, int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query(INLET_STORED_RECORD_COLUMNS "WHERE r.seq > $1 ORDER BY r.seq ASC LIMIT $2",
                {after_seq, static_cast<int64_t>(limit)}, "list new records"));
  return AllRows<StoredRecord>(rows, RecordFromRow<PgRow>);
}

Result<int64_t> PgStore::LastRecordSeq() {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // Moved in the commit that gave the seqs, so it never names an uncommitted record.
  INLET_ASSIGN_OR_RETURN(PgResult seq,
                         db->Query("SELECT value FROM store_meta WHERE name = 'record_seq'", {},
                                   "read last record seq"));
  return seq.Int(0, 0);
}

Result<std::vector<StoredRecord>> PgStore::GetRecords(int64_t endpoint_key,
                                                      const std::vector<int64_t>& seqs) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgResult rows, db->Query(INLET_STORED_RECORD_COLUMNS
                                                  "WHERE r.seq = ANY ($1::bigint[]) AND "
                                                  "r.endpoint_key = $2 ORDER BY r.seq DESC",
                                                  {IntArray(seqs), endpoint_key}, "read records"));
  return AllRows<StoredRecord>(rows, RecordFromRow<PgRow>);
}

Result<int64_t> PgStore::CountRecordsAfter(int64_t endpoint_key, int64_t after_seq) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult count, db->Query("SELECT count(*) FROM records WHERE endpoint_key = $1 AND seq > $2",
                                {endpoint_key, after_seq}, "count new records"));
  return count.Int(0, 0);
}

Status PgStore::ClearRecords(int64_t endpoint_key) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(*db, "clear records"));
  for (const char* sql : {"DELETE FROM records WHERE endpoint_key = $1",
                          "DELETE FROM field_profiles WHERE endpoint_key = $1",
                          "UPDATE endpoints SET record_count = 0 WHERE key = $1"}) {
    INLET_RETURN_IF_ERROR(db->Run(sql, {endpoint_key}, "clear records"));
  }
  return tx.Commit();
}

Result<std::vector<Receipt>> PgStore::ListReceipts(int64_t endpoint_key,
                                                   std::optional<int64_t> before_seq, int limit) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query(std::string(kReceiptListColumns) +
                    "WHERE rc.endpoint_key = $1 AND rc.seq < $2 ORDER BY rc.seq DESC LIMIT $3",
                {endpoint_key, before_seq.value_or(kNoCursor), static_cast<int64_t>(limit)},
                "list receipts"));
  return AllRows<Receipt>(rows, ReceiptFromRow<PgRow>);
}

Result<Receipt> PgStore::GetReceipt(const std::string& receipt_id) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgResult rows, db->Query(std::string(kReceiptColumns) + "WHERE rc.id = $1",
                                                  {receipt_id}, "read receipt"));
  if (rows.Rows() == 0) {
    return Status::NotFound("receipt-not-found", "no receipt has the id " + receipt_id);
  }
  return ReceiptFromRow(PgRow(rows, 0));
}

Result<std::vector<StoredLogRow>> PgStore::ListLogs(const LogQuery& query) {
  auto filter = [](const auto& value) -> PgParam {
    if (!value) return PgParam::Null();
    return PgParam(std::string(*value));
  };
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query(std::string(kLogColumns) +
                    "WHERE l.endpoint_key = $1 AND l.seq < $2 "
                    "AND ($3::text IS NULL OR l.level = $3) "
                    "AND ($4::text IS NULL OR l.domain = $4) "
                    "AND ($5::text IS NULL OR rc.id = $5) ORDER BY l.seq DESC LIMIT $6",
                {query.endpoint_key, query.before_seq.value_or(kNoCursor),
                 filter(query.level ? std::optional(ToString(*query.level)) : std::nullopt),
                 filter(query.domain ? std::optional(ToString(*query.domain)) : std::nullopt),
                 filter(query.receipt_id), static_cast<int64_t>(query.limit)},
                "list logs"));
  return AllRows<StoredLogRow>(rows, LogFromRow<PgRow>);
}

Status PgStore::PurgeLogs(int64_t endpoint_key) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  return db->Run("DELETE FROM logs WHERE endpoint_key = $1", {endpoint_key}, "purge logs");
}

Result<std::optional<IdempotentAnswer>> PgStore::FindIdempotentAnswer(int64_t endpoint_key,
                                                                      const std::string& key) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      db->Query("SELECT k.request_hash, rc.id, rc.http_status, rc.response FROM idempotency_keys k "
                "JOIN receipts rc ON rc.seq = k.receipt_seq WHERE k.endpoint_key = $1 AND "
                "k.key = $2",
                {endpoint_key, key}, "find idempotency key"));
  if (rows.Rows() == 0) return std::optional<IdempotentAnswer>();
  IdempotentAnswer answer;
  const std::string hash = rows.Bytes(0, 0);
  if (hash.size() == answer.request_hash.size()) {
    std::memcpy(answer.request_hash.data(), hash.data(), hash.size());
  }
  answer.receipt_id = rows.Text(0, 1);
  answer.http_status = static_cast<int>(rows.Int(0, 2));
  answer.response = rows.Text(0, 3);
  return std::optional<IdempotentAnswer>(std::move(answer));
}

Result<std::vector<Snapshot>> PgStore::LoadFieldProfiles() {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows, db->Query("SELECT endpoint_key, profile, through_seq FROM field_profiles", {},
                               "load field profiles"));
  return AllRows<Snapshot>(rows, [](const PgRow& row) {
    return Snapshot{row.Int(0), row.Blob(1), row.Int(2)};
  });
}

Status PgStore::SaveFieldProfile(const Snapshot& snapshot) {
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  // Only while the endpoint exists, and never older than what another node saved: every
  // node follows the same records and saves its profile now and then.
  return db->Run(
      "INSERT INTO field_profiles (endpoint_key, profile, through_seq) "
      "SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM endpoints WHERE key = $1) "
      "ON CONFLICT (endpoint_key) DO UPDATE SET profile = excluded.profile, "
      "through_seq = excluded.through_seq WHERE field_profiles.through_seq <= excluded.through_seq",
      {snapshot.endpoint_key, PgParam::Bytes(snapshot.bytes.data(), snapshot.bytes.size()),
       snapshot.through_seq},
      "save field profile");
}

}  // namespace inlet::store
