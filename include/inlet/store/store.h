// The store: everything inlet keeps, behind an interface that never shows SQL.
//
// The SQLite implementation (sqlite_store.h) is the embedded default; another engine can
// implement this interface later. Every method is safe to call from many threads at
// once. Failures come back as Status values: kNotFound with a message id naming what was
// missing, kConflict when the current state forbids the change, kUnavailable when the
// database cannot be reached or written (disk full, locked past the busy timeout), and
// kInternal for anything else. Messages carry context but never SQL text.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/crypto.h"
#include "inlet/common/domain.h"
#include "inlet/common/status.h"
#include "inlet/store/golden.h"

namespace inlet::store {

struct TokenRecord {
  std::string id;  // UUID, lower case
  std::string name;
  Sha256Digest secret_hash{};             // SHA-256 of the secret; the secret itself is never kept
  std::vector<std::string> scopes;        // "ingest", "read", "admin"
  std::vector<std::string> endpoint_ids;  // empty: every endpoint
  int64_t created_at_ms = 0;
  std::optional<int64_t> expires_at_ms;
  std::optional<int64_t> revoked_at_ms;
};

struct Group {
  int64_t id = 0;
  std::string name;
  int64_t created_at_ms = 0;
  int64_t source_count = 0;
};

struct Source {
  int64_t id = 0;
  std::string name;
  int64_t group_id = 0;
  std::string group_name;
  int64_t created_at_ms = 0;
  int64_t endpoint_count = 0;
};

struct Endpoint {
  std::string id;   // UUID, lower case; forms the POST URL
  int64_t key = 0;  // compact internal key; also the list cursor
  std::string name;
  int64_t source_id = 0;
  std::string source_name;
  std::string group_name;
  ProcessingMode mode = ProcessingMode::kManual;
  EndpointStatus status = EndpointStatus::kNoDataSent;
  std::string mapping_json;  // the mapping document of SPEC §4, as stored
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t record_count = 0;     // records in temporary storage (preview)
  int64_t data_part_count = 0;  // contributions to golden records
  // The highest record seq automatic processing has walked (0: none); a job over the
  // endpoint's new records starts after it.
  int64_t processed_through_seq = 0;
};

struct NewEndpoint {
  std::string id;  // chosen by the caller (a fresh UUID v4)
  std::string name;
  std::string source_name;  // found by name within the group, or created
  std::string group_name;   // found by name, or created
  ProcessingMode mode = ProcessingMode::kManual;
  std::string mapping_json;
  int64_t now_ms = 0;
};

// A different mapping also moves the processed watermark back to the start.
struct EndpointChanges {
  std::optional<std::string> name;
  std::optional<ProcessingMode> mode;
  std::optional<std::string> mapping_json;  // stored as given: the caller validates it
  int64_t now_ms = 0;
};

// What the store reports about itself at start and on /readyz.
struct StoreInfo {
  std::string engine;        // "sqlite"
  std::string location;      // the database file
  std::string journal_mode;  // effective, as the engine reports it ("wal")
  std::string synchronous;   // effective ("full" or "normal")
  int schema_version = 0;
};

// --- ingestion (SPEC §2) ---

struct RecordToStore {
  int64_t row_index = 0;
  std::string data;  // the repaired record, one JSON object
};

// One aggregated log row: (level, domain, messageId, property) with a count.
struct LogToStore {
  std::string level;   // "error" | "warning"
  std::string domain;  // "request" | "parsing" | ...
  std::string message_id;
  std::optional<std::string> property;
  int64_t count = 1;
  std::string first_row_indexes;  // "0,4,17"
  std::string message;
};

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
  std::vector<RecordToStore> records;
  std::vector<LogToStore> logs;
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

struct Receipt {
  int64_t seq = 0;
  std::string id;
  std::string endpoint_id;
  int64_t received_at_ms = 0;
  int http_status = 0;
  int64_t received = 0, accepted = 0, rejected = 0, warnings = 0, errors = 0;
  int64_t times_processed = 0;
  int64_t golden_records = 0;
  std::string response;
  // The seqs its records were given (kept or, in bridge mode, only processed).
  std::optional<int64_t> first_record_seq, last_record_seq;
};

struct LogEntry {
  int64_t seq = 0;
  std::string receipt_id;  // "" when the row belongs to no receipt
  int64_t created_at_ms = 0;
  std::string level, domain, message_id;
  std::optional<std::string> property;
  int64_t count = 0;
  std::string first_row_indexes;
  std::string message;
};

struct LogQuery {
  int64_t endpoint_key = 0;
  std::optional<std::string> level, domain, receipt_id;
  std::optional<int64_t> before_seq;
  int limit = 100;
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

class Store {
 public:
  virtual ~Store() = default;

  // --- tokens ---
  virtual Status InsertToken(const TokenRecord& token) = 0;
  // nullopt when no token has this hash (revoked and expired ones are still returned;
  // the caller decides). An admission look-up, like GetEndpoint: it never waits for
  // other, slower reads to finish.
  virtual Result<std::optional<TokenRecord>> FindTokenByHash(const Sha256Digest& hash) = 0;
  virtual Result<std::vector<TokenRecord>> ListTokens() = 0;
  // kNotFound "token-not-found" when unknown; revoking twice keeps the first time.
  virtual Status RevokeToken(const std::string& token_id, int64_t now_ms) = 0;
  virtual Result<int64_t> CountTokens() = 0;

  // --- groups, sources, endpoints ---
  // Creates the group and the source when they do not exist yet, all in one transaction.
  virtual Result<Endpoint> CreateEndpoint(const NewEndpoint& endpoint) = 0;
  // kNotFound "endpoint-not-found" when unknown. `endpoint_id` must be normalized. An
  // admission look-up: it never waits for other, slower reads to finish.
  virtual Result<Endpoint> GetEndpoint(const std::string& endpoint_id) = 0;
  // Endpoints with key > after_key, by key, at most `limit`.
  virtual Result<std::vector<Endpoint>> ListEndpoints(int64_t after_key, int limit) = 0;
  virtual Result<Endpoint> UpdateEndpoint(const std::string& endpoint_id,
                                          const EndpointChanges& changes) = 0;
  // kConflict "endpoint-has-processed-data" when it has data parts and !force. With
  // force, parts still left are deleted without recomputing their golden records: the
  // caller takes them out through the processing engine first. Records, receipts, logs
  // and jobs go with it.
  virtual Status DeleteEndpoint(const std::string& endpoint_id, bool force) = 0;
  virtual Result<std::vector<Group>> ListGroups() = 0;
  virtual Result<std::vector<Source>> ListSources() = 0;

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
  virtual Result<std::vector<StoredRecord>> ListRecordsSince(int64_t after_seq, int limit) = 0;
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
  virtual Result<std::vector<LogEntry>> ListLogs(const LogQuery& query) = 0;
  virtual Status PurgeLogs(int64_t endpoint_key) = 0;
  virtual Result<std::optional<IdempotentAnswer>> FindIdempotentAnswer(int64_t endpoint_key,
                                                                       const std::string& key) = 0;
  // Deletes receipts and logs received before `receipts_before_ms` and idempotency keys
  // stored before `keys_before_ms`. Records stay: they are data, not history.
  virtual Status Prune(int64_t receipts_before_ms, int64_t keys_before_ms) = 0;

  // The saved field profiles of every endpoint, and saving one (replacing it).
  virtual Result<std::vector<Snapshot>> LoadFieldProfiles() = 0;
  virtual Status SaveFieldProfile(const Snapshot& snapshot) = 0;

  // --- golden records and jobs (SPEC §5) ---
  // Runs `work` in one write transaction on the writer, between ingestion commits:
  // committed when it returns Ok, rolled back otherwise. Keep each call short (tens of
  // milliseconds): ingestion waits while it runs.
  virtual Status RunGoldenSlice(const std::function<Status(GoldenWriter&)>& work) = 0;
  // The golden record with this id; for an id merged away, its survivor. nullopt when
  // neither exists.
  virtual Result<std::optional<GoldenRecord>> GetGoldenRecord(const std::string& id) = 0;
  // Live golden records by key, at most query.limit, after query.after_key.
  virtual Result<std::vector<GoldenRecord>> ListGoldenRecords(const GoldenQuery& query) = 0;
  virtual Result<std::vector<GoldenEdgeOut>> OutgoingEdges(int64_t golden_key) = 0;
  virtual Result<std::vector<GoldenEdgeIn>> IncomingEdges(int64_t golden_key) = 0;
  // kConflict "job-running" (naming it) when the endpoint has a queued or running job.
  virtual Status InsertJob(const Job& job) = 0;
  // kNotFound "job-not-found".
  virtual Result<Job> GetJob(const std::string& job_id) = 0;
  virtual Result<std::optional<Job>> ActiveJob(int64_t endpoint_key) = 0;
  // The endpoint's jobs, newest first, strictly older than before_seq when given.
  virtual Result<std::vector<Job>> ListJobs(int64_t endpoint_key, std::optional<int64_t> before_seq,
                                            int limit) = 0;
  // Marks every queued or running job failed (at start: they were cut off by a stop).
  virtual Result<int64_t> FailInterruptedJobs(int64_t now_ms, const std::string& message) = 0;

  // --- operations ---
  // Ok when the database accepts writes: proven by a commit (an ingestion commit or a
  // probe row written for this) at most about a second old, so that asking often writes
  // nothing more. Else kUnavailable.
  virtual Status CheckWritable() = 0;
  virtual StoreInfo Info() const = 0;
};

}  // namespace inlet::store
