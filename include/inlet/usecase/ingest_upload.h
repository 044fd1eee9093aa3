// Ingesting one upload (SPEC §2): what POST /upload/api/endpoint/{id} does, apart from HTTP.
//
// The transport reads and decodes the body; this use case checks the endpoint and the
// caller, parses, validates and repairs the records, answers a repeated Idempotency-Key
// with the stored answer, and hands the receipt (records, log rows, key) to the store's
// group commit. It answers once that commit is durable: a 200 means the accepted records
// are on disk. Every answer after the endpoint and scope checks leaves a receipt.
//
// Nothing here waits on a socket or owns a thread: Ingest runs on the caller's thread up
// to the commit, and the answer comes from the store's writer thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>

#include "inlet/auth/authenticator.h"
#include "inlet/common/metrics.h"
#include "inlet/common/status.h"
#include "inlet/config/config.h"
#include "inlet/ingest/ingest.h"
#include "inlet/processing/processor.h"
#include "inlet/store/store.h"
#include "inlet/usecase/field_profiles.h"
#include "inlet/usecase/ingest_envelope.h"
#include "inlet/usecase/memory_hold.h"

namespace inlet::usecase {

// One upload as admitted.
struct Upload {
  store::Endpoint endpoint;
  std::string receipt_id;  // UUIDv7, fixed at admission so every answer can carry it
  int64_t received_at_ms = 0;
  bool dry_run = false;  // validate and answer; keep nothing
  ingest::BodyFormat format = ingest::BodyFormat::kJson;
  std::string content_type;  // as sent: the same bytes under another type are another request
  // Set when the body is read as JSON although its type said otherwise: the type as sent
  // ("" when none was).
  std::optional<std::string> content_type_assumed_from;
  std::optional<std::string> idempotency_key;  // checked by CheckIdempotencyKey
};

using AnswerFn = std::function<void(IngestAnswer)>;

// kInvalidArgument "invalid-idempotency-key" unless `key` is 1 to 255 visible ASCII
// characters.
Status CheckIdempotencyKey(std::string_view key);

// Whether an answer is kept under its Idempotency-Key for replay: only what the body
// itself earned (200, 400). Any other status says this attempt failed (a 500, a commit
// that did not happen), and the retry must be processed anew.
bool KeptForReplay(int http_status);

class UploadIngestion {
 public:
  // Every argument must outlive this object, and the store's Flush() must have returned
  // before it goes: commit callbacks use it.
  UploadIngestion(store::Store& store, FieldProfiles& profiles, processing::Processor& processor,
                  const config::LimitsConfig& limits, MetricsRegistry& metrics);

  // The checks made before the body is read (SPEC §2.1): the endpoint exists, the caller
  // may write to it, and a bridge endpoint has a complete mapping. The upload (its receipt
  // id fixed), or the answer; an answer given after the scope check leaves a receipt.
  std::variant<Upload, IngestAnswer> Open(std::string_view endpoint_id,
                                          const auth::Principal& caller, bool dry_run);

  // Processes the decoded `body` and answers through `answer`, exactly once.
  void Ingest(const Upload& upload, std::string body, std::shared_ptr<MemoryHold> memory,
              AnswerFn answer);

  // The whole request refused with `status`: answers once its receipt is stored.
  void Refuse(const Upload& upload, const Status& status, AnswerFn answer);
  // The same, answered at once while the receipt waits for the next commit: for refusals
  // made before the body is read.
  IngestAnswer RefuseNow(const Upload& upload, const Status& status);

 private:
  // An Idempotency-Key claimed by the request in flight: released when the last copy is
  // reset or destroyed, so a request that ends in any way (answered, failed, thrown)
  // leaves the key free for its retry. nullptr when another request holds it.
  class KeyClaim;
  std::shared_ptr<KeyClaim> TryClaimKey(int64_t endpoint_key, const std::string& key);
  void ReleaseKey(int64_t endpoint_key, const std::string& key);

  // Claims the upload's Idempotency-Key. True when that settled the request and `answer`
  // was handed on: the key is held by a request in flight, was used for another body, or
  // its stored answer is replayed. False when the key is new: `claim` holds it then, and
  // `request_hash` is what the receipt keeps with it.
  bool AnsweredByKey(const Upload& upload, const std::string& body,
                     std::shared_ptr<KeyClaim>& claim, std::optional<Sha256Digest>& request_hash,
                     AnswerFn& answer);
  // Answers a request whose Idempotency-Key has a stored answer: a replay of it, or 422
  // "idempotency-key-reused" when it answered another body.
  void AnswerFromStored(const Upload& upload, const store::IdempotentAnswer& stored,
                        const Sha256Digest& request_hash, AnswerFn answer);
  // The receipt of one processed body, its records moved out of `outcome`.
  store::ReceiptToStore ReceiptOf(const Upload& upload, const IngestAnswer& answer,
                                  ingest::Outcome& outcome, const ingest::IssueCollector& issues);
  store::ReceiptToStore RefusalReceipt(const Upload& upload, const IngestAnswer& answer,
                                       const Status& status);
  IngestAnswer RefusalAnswer(const Upload& upload, const Status& status);

  store::Store& store_;
  FieldProfiles& profiles_;
  processing::Processor& processor_;
  const ingest::Limits limits_;
  const size_t max_issues_;
  std::mutex keys_mutex_;
  std::set<std::pair<int64_t, std::string>> keys_in_flight_;
  Counter& records_accepted_;
  Counter& records_rejected_;
  Counter& warnings_;
  Counter& body_bytes_;
};

}  // namespace inlet::usecase
