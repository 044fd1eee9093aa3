// What the store keeps of ingestion (SPEC §2): records, receipts, idempotency keys.
//
// Part of the Store (store.h): every method is safe to call from many threads at once, and
// failures are Status values as store.h describes. Nothing here names SQL or an engine.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/accepted_record.h"
#include "inlet/common/crypto.h"
#include "inlet/common/log_row.h"
#include "inlet/common/status.h"

namespace inlet::store {

class GoldenWriter;  // golden.h

// An idempotency key committed with the receipt it answered (SPEC §2.5).
struct IdempotencyToStore {
  std::string key;
  Sha256Digest request_hash{};  // of the decoded body and the content type
};

struct StoredRecord {
  int64_t seq = 0;  // the preview cursor: newer records have larger seqs
  int64_t endpoint_key = 0;
  std::string id;  // UUIDv7
  std::string receipt_id;
  int64_t received_at_ms = 0;
  int64_t row_index = 0;
  std::string data;
  int64_t receipt_seq = 0;
};

// Everything one answered ingestion request leaves behind, committed atomically.
struct ReceiptToStore {
  std::string id;  // UUIDv7, chosen by the caller (it is in the answer already)
  int64_t endpoint_key = 0;
  int64_t received_at_ms = 0;
  int http_status = 0;
  int64_t received = 0, accepted = 0, rejected = 0, warnings = 0, errors = 0;
  std::string response;  // the answer's body, for replays and the receipt view
  std::vector<AcceptedRecord> records;
  std::vector<LogRow> logs;
  std::optional<IdempotencyToStore> idempotency;
  // Bridge mode (SPEC §5): the records are not kept; instead this runs inside the
  // receipt's transaction with the records as they would have been stored (seqs and ids
  // given), and a failure rolls the whole receipt back.
  std::function<Status(GoldenWriter&, int64_t receipt_seq, const std::vector<StoredRecord>&)>
      process_in_commit{};
};

struct RecordQuery {
  int64_t endpoint_key = 0;
  std::optional<std::string> receipt_id;  // only this receipt's records
  std::optional<int64_t> before_seq;      // newest first, strictly older than this
  // Instead: oldest first, strictly newer than this (for catching up after a restart).
  std::optional<int64_t> after_seq;
  int limit = 100;
  // When > 0: reading stops after the record with which the records' data read reaches
  // this many bytes, so a page of large records does not hold `limit` of them at once.
  uint64_t max_bytes = 0;
};

// A derived view's state saved with the record seq it covers (e.g. the field profile).
struct Snapshot {
  int64_t endpoint_key = 0;
  std::string bytes;
  int64_t through_seq = 0;
};

// How many of a receipt's records processing made each outcome of (SPEC §11).
struct OutcomeCounts {
  int64_t created = 0, merged = 0, unchanged = 0, failed = 0;
};

struct Receipt {
  int64_t seq = 0;
  std::string id;
  int64_t endpoint_key = 0;
  std::string endpoint_id;
  int64_t received_at_ms = 0;
  int http_status = 0;
  int64_t received = 0, accepted = 0, rejected = 0, warnings = 0, errors = 0;
  int64_t times_processed = 0;
  OutcomeCounts golden;  // all zero until processed
  std::string response;
  // The seqs its records were given (kept or, in bridge mode, only processed).
  std::optional<int64_t> first_record_seq, last_record_seq;
};

// A previously answered request under the same idempotency key.
struct IdempotentAnswer {
  Sha256Digest request_hash{};
  std::string receipt_id;
  int http_status = 0;
  std::string response;
};

// Called once the write is durable (ok) or has failed, on the store's writer thread, in
// commit order. `last_record_seq` is the seq of the receipt's last record (0 without).
using CommitCallback = std::function<void(const Status& status, int64_t last_record_seq)>;

// Ingestion's side: records kept in an endpoint's temporary storage, the receipts of the
// requests that sent them, idempotency keys, and the field profiles derived from them.
class RecordStore {
 public:
  virtual ~RecordStore() = default;

  // --- ingestion ---
  // Queues `receipt` for the next group commit: its receipt row, records, log rows and
  // idempotency key are committed in one transaction, usually together with other
  // requests'. `done` is called when that transaction is durable or has failed; a
  // failure leaves nothing of this receipt behind. Also marks the endpoint's status
  // not-processed once it has records. Any thread.
  virtual void Append(ReceiptToStore receipt, CommitCallback done) = 0;
  // Returns once everything appended before the call is committed (or failed) and its
  // callback has returned: the barrier to pass before tearing down what callbacks use.
  virtual void Flush() = 0;
  virtual Result<std::vector<StoredRecord>> ListRecords(const RecordQuery& query) = 0;
  // Records of every endpoint with seq > after_seq, oldest first (for derived views).
  // Seq order is commit order, so a view that follows this never misses a record.
  virtual Result<std::vector<StoredRecord>> ListRecordsSince(int64_t after_seq, int limit) = 0;
  // The highest seq of a committed record (0 before the first): where a derived view
  // built from every record stored so far goes on following ListRecordsSince.
  virtual Result<int64_t> LastRecordSeq() = 0;
  // The endpoint's records with these seqs (missing ones skipped), newest first.
  virtual Result<std::vector<StoredRecord>> GetRecords(int64_t endpoint_key,
                                                       const std::vector<int64_t>& seqs) = 0;
  // How many of the endpoint's records have seq > after_seq.
  virtual Result<int64_t> CountRecordsAfter(int64_t endpoint_key, int64_t after_seq) = 0;
  // Empties the endpoint's temporary storage (records) and its field profile; receipts
  // and logs stay.
  virtual Status ClearRecords(int64_t endpoint_key) = 0;
  // Newest first; strictly older than before_seq when given. Without their `response`
  // (up to a whole envelope each): GetReceipt reads it.
  virtual Result<std::vector<Receipt>> ListReceipts(int64_t endpoint_key,
                                                    std::optional<int64_t> before_seq,
                                                    int limit) = 0;
  // kNotFound "receipt-not-found".
  virtual Result<Receipt> GetReceipt(const std::string& receipt_id) = 0;
  virtual Result<std::optional<IdempotentAnswer>> FindIdempotentAnswer(int64_t endpoint_key,
                                                                       const std::string& key) = 0;
  // The saved field profiles of every endpoint, and saving one (replacing it).
  virtual Result<std::vector<Snapshot>> LoadFieldProfiles() = 0;
  virtual Status SaveFieldProfile(const Snapshot& snapshot) = 0;
};

}  // namespace inlet::store
