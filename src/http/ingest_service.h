// The ingestion call, POST /upload/api/endpoint/{id} (SPEC §2), private to http/.
//
// Admit() runs the checks of SPEC §2.1 that need no body (endpoint, scope, content
// type, declared size); Handle() decodes, parses and repairs on a work queue (never on
// an I/O thread), hands the receipt to the store's group commit and answers once it is
// durable. Every answer after the endpoint and scope checks leaves a receipt.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "http/api_routes.h"
#include "http/content_negotiation.h"
#include "inlet/common/metrics.h"
#include "inlet/common/work_queue.h"
#include "inlet/ingest/ingest.h"
#include "inlet/store/store.h"

namespace inlet::http {

// What admission learnt about one upload.
struct UploadState {
  store::Endpoint endpoint;
  BodyReading reading;
  std::string receipt_id;  // UUIDv7, fixed at admission so every answer can carry it
  int64_t received_at_ms = 0;
  std::optional<std::string> idempotency_key;
  bool dry_run = false;
};

// Whether an answer is kept under its Idempotency-Key for replay: only what the body
// itself earned (200, 400). Any other status says this attempt failed (a 500, a commit
// that did not happen), and the retry must be processed anew.
bool KeptForReplay(int http_status);

// Shared by the route's functions. Before it is destroyed, Drain() and then the
// store's Flush() must have returned: queued work and commit callbacks use it.
class IngestService {
 public:
  explicit IngestService(ApiContext& context);

  std::optional<Response> Admit(AdmitCall& call);
  void Handle(std::shared_ptr<Call> call, Responder respond);
  void Refuse(std::shared_ptr<Call> call, Refusal reason, uint64_t limit, Responder respond);
  // Waits until every body handed to Handle() has been processed and appended.
  void Drain() { work_.Drain(); }

 private:
  void Process(std::shared_ptr<Call> call, Responder respond);
  // The answer to a request refused as a whole with `status`, and the receipt (with its
  // one log row) that records it.
  std::pair<Response, store::ReceiptToStore> RefusalAnswer(const UploadState& upload,
                                                           const Status& status);
  // Stores the refusal's receipt, then answers.
  void AnswerRefusal(const UploadState& upload, const Status& status, Responder respond);
  // For refusals made before the body is read: queues the receipt without waiting.
  Response RecordRefusal(const UploadState& upload, const Status& status);
  // An Idempotency-Key claimed by the request in flight: released when the last copy is
  // reset or destroyed, so a request that ends in any way (answered, failed, thrown)
  // leaves the key free for its retry. nullptr when another request holds it.
  class KeyClaim;
  std::shared_ptr<KeyClaim> TryClaimKey(int64_t endpoint_key, const std::string& key);
  void ReleaseKey(int64_t endpoint_key, const std::string& key);

  ApiContext& context_;
  ingest::Limits limits_;
  std::mutex keys_mutex_;
  std::set<std::pair<int64_t, std::string>> keys_in_flight_;
  Counter& records_accepted_;
  Counter& records_rejected_;
  Counter& warnings_;
  Counter& body_bytes_;
  WorkQueue work_;  // last: its threads stop before the members they use go
};

}  // namespace inlet::http
