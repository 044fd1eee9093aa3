// Decoding, repairing and storing one upload; answering once it is durable.
#include "http/ingest_service.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

#include "http/body_decoder.h"
#include "http/ingest_envelope.h"
#include "inlet/common/crypto.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace {

Sha256Digest RequestHash(const std::string& body, std::string_view content_type) {
  // The content type is part of the request: the same bytes as NDJSON are another
  // request than as JSON.
  std::string prefix(content_type);
  prefix.push_back('\n');
  return Sha256(prefix, body);
}

// Memory the parsed records of a request hold until they are committed.
uint64_t HeldBytes(const ingest::Outcome& outcome) {
  // A record's text plus the bookkeeping around it (its string and vector slots).
  constexpr uint64_t kPerRecordOverhead = 64;
  uint64_t bytes = 0;
  for (const auto& record : outcome.accepted) bytes += record.data.size() + kPerRecordOverhead;
  return bytes;
}

// A responder that answers at most once, however often it is called: Process may hand
// it on (to a commit's callback) before something throws, and then the catch below and
// that callback would both answer.
Responder AnswerOnce(Responder respond) {
  auto answered = std::make_shared<std::atomic<bool>>(false);
  auto shared = std::make_shared<Responder>(std::move(respond));
  return [answered, shared](Response response) {
    if (!answered->exchange(true)) (*shared)(std::move(response));
  };
}

}  // namespace

bool KeptForReplay(int http_status) { return http_status == 200 || http_status == 400; }

class IngestService::KeyClaim {
 public:
  KeyClaim(IngestService& service, int64_t endpoint_key, std::string key)
      : service_(service), endpoint_key_(endpoint_key), key_(std::move(key)) {}
  ~KeyClaim() { service_.ReleaseKey(endpoint_key_, key_); }
  KeyClaim(const KeyClaim&) = delete;
  KeyClaim& operator=(const KeyClaim&) = delete;

 private:
  IngestService& service_;
  int64_t endpoint_key_;
  std::string key_;
};

void IngestService::Handle(std::shared_ptr<Call> call, Responder respond) {
  work_.Post([this, call = std::move(call), respond = AnswerOnce(std::move(respond))]() mutable {
    try {
      Process(std::move(call), respond);
    } catch (const std::exception& e) {
      spdlog::error("ingestion failed: {}", e.what());
      respond(EnvelopeError(Status::Internal(e.what()), "", ""));
    } catch (...) {
      spdlog::error("ingestion failed: an exception of unknown type");
      respond(EnvelopeError(Status::Internal("an exception of unknown type"), "", ""));
    }
  });
}

void IngestService::Process(std::shared_ptr<Call> call, Responder respond) {
  auto upload = std::static_pointer_cast<UploadState>(call->route_state);
  const std::string& endpoint_id = upload->endpoint.id;
  const std::string& receipt_id = upload->receipt_id;

  std::shared_ptr<Reservation> memory = call->request.memory;
  // A small compressed body may decode to a large one: the reservation grows with the
  // decoded buffer, and decoding stops (503) where the ceiling would be passed.
  AllowDecodedGrowth allow_growth;
  if (memory) allow_growth = [&memory](uint64_t held) { return memory->Resize(held); };
  auto body =
      DecodeBody(std::move(call->request.body), upload->reading.encoding,
                 context_.config.limits.body_decoded_bytes, kMaxInflateSliceBytes, allow_growth);
  if (!body.ok()) return AnswerRefusal(*upload, body.status(), std::move(respond));
  body_bytes_.Add(body->size());
  // The compressed body is gone; the decoded one is what is held now.
  if (memory) memory->ForceResize(body->capacity());

  std::string content_type(call->request.head.headers.Get("Content-Type"));
  std::optional<Sha256Digest> request_hash;
  std::shared_ptr<KeyClaim> claim;
  if (upload->idempotency_key && !upload->dry_run) {
    const std::string& key = *upload->idempotency_key;
    // Claimed before looking up: a request that finishes between the look-up and the
    // claim would otherwise be processed twice.
    claim = TryClaimKey(upload->endpoint.key, key);
    if (!claim) {
      return AnswerRefusal(
          *upload,
          Status::Conflict("idempotency-key-in-flight",
                           "a request with Idempotency-Key \"" + key +
                               "\" is still being processed; retry after it is answered"),
          [respond = std::move(respond)](Response response) {
            response.headers.Set("Retry-After", "1");
            respond(std::move(response));
          });
    }
    request_hash = RequestHash(*body, content_type);
    auto previous = context_.store.FindIdempotentAnswer(upload->endpoint.key, key);
    if (!previous.ok() || *previous) claim.reset();
    if (!previous.ok()) {
      return respond(EnvelopeError(previous.status(), endpoint_id, ""));
    }
    if (*previous) {
      const auto& answer = **previous;
      if (answer.request_hash != *request_hash) {
        return AnswerRefusal(
            *upload,
            Status(StatusCode::kUnprocessable, "idempotency-key-reused",
                   "Idempotency-Key \"" + key + "\" was used for another body; use a new key"),
            std::move(respond));
      }
      Response replay;
      replay.status = answer.http_status;
      replay.body = answer.response;
      replay.endpoint_id = endpoint_id;
      FinishEnvelopeResponse(replay, answer.receipt_id);
      replay.headers.Set("Idempotent-Replayed", "true");
      return respond(std::move(replay));
    }
  }

  ingest::IssueCollector issues(static_cast<size_t>(context_.config.limits.max_issues));
  if (upload->reading.assumed_from) {
    Issue issue;
    issue.message_id = "content-type-assumed";
    issue.level = IssueLevel::kWarning;
    issue.message = upload->reading.assumed_from->empty()
                        ? "no Content-Type was sent; the body was read as JSON. Send "
                          "Content-Type: application/json"
                        : "Content-Type " + *upload->reading.assumed_from +
                              " was read as JSON. Send Content-Type: application/json";
    issues.Add(std::move(issue));
  }
  ingest::Outcome outcome = ingest::ProcessBody(*body, upload->reading.format, limits_, issues);
  body = std::string();  // the records hold what is needed now
  // The parsed records wait for their commit in memory: counted until it is done, even
  // past the ceiling (they exist already), so that new bodies are refused meanwhile.
  if (memory) memory->ForceResize(HeldBytes(outcome));

  const int64_t accepted = static_cast<int64_t>(outcome.accepted.size());
  const bool success = !outcome.request_failed && (accepted > 0 || outcome.empty_batch);
  // ProcessBody reports its own failure (out of memory, a bug) as internal-error.
  const bool internal = outcome.request_failed && !issues.errors().empty() &&
                        issues.errors().front().message_id == "internal-error";
  Response response;
  response.status = success ? 200 : internal ? 500 : 400;
  response.endpoint_id = endpoint_id;
  response.body =
      EnvelopeJson(issues, {outcome.received, accepted, outcome.rejected, outcome.empty_batch},
                   endpoint_id, upload->dry_run ? "" : receipt_id);
  if (upload->dry_run) return respond(std::move(response));
  decltype(store::ReceiptToStore::process_in_commit) bridge;
  if (upload->endpoint.mode == ProcessingMode::kBridge && accepted > 0) {
    // Admission checked the mapping; this fails only if it was reset since.
    auto hook = context_.processor.BridgeHook(upload->endpoint);
    if (!hook.ok()) return respond(EnvelopeError(hook.status(), endpoint_id, ""));
    bridge = std::move(*hook);
  }
  FinishEnvelopeResponse(response, receipt_id);

  store::ReceiptToStore receipt;
  receipt.id = receipt_id;
  receipt.endpoint_key = upload->endpoint.key;
  receipt.received_at_ms = upload->received_at_ms;
  receipt.http_status = response.status;
  receipt.received = outcome.received;
  receipt.accepted = accepted;
  receipt.rejected = outcome.rejected;
  receipt.warnings = issues.warning_count();
  receipt.errors = issues.error_count();
  receipt.response = response.body;
  auto profile_delta = std::make_shared<ingest::FieldProfile>(context_.profiles.NewProfile());
  for (const auto& record : outcome.accepted) profile_delta->AddRecord(record.data);
  receipt.records = std::move(outcome.accepted);
  receipt.logs = issues.LogRows();
  receipt.process_in_commit = std::move(bridge);
  if (request_hash && KeptForReplay(response.status)) {
    receipt.idempotency = store::IdempotencyToStore{*upload->idempotency_key, *request_hash};
  }

  records_accepted_.Add(static_cast<uint64_t>(accepted));
  records_rejected_.Add(static_cast<uint64_t>(outcome.rejected));
  warnings_.Add(static_cast<uint64_t>(issues.warning_count()));
  context_.store.Append(
      std::move(receipt),
      [this, upload, profile_delta, claim = std::move(claim), memory = std::move(memory),
       response = std::move(response),
       respond = std::move(respond)](const Status& committed, int64_t last_record_seq) mutable {
        // Before answering: a client may retry the moment it has the answer.
        claim.reset();
        if (!committed.ok()) {
          spdlog::error("receipt {} of endpoint {} not stored: {}", upload->receipt_id,
                        upload->endpoint.id, committed.message());
          return respond(CommitFailedEnvelope(committed, upload->endpoint.id));
        }
        if (last_record_seq > 0) {
          context_.profiles.Apply(upload->endpoint.key, upload->endpoint.id, *profile_delta,
                                  last_record_seq);
          if (upload->endpoint.mode == ProcessingMode::kAutomatic) {
            context_.processor.RecordsCommitted(upload->endpoint.key);
          }
        }
        respond(std::move(response));
      });
}

std::shared_ptr<IngestService::KeyClaim> IngestService::TryClaimKey(int64_t endpoint_key,
                                                                    const std::string& key) {
  std::lock_guard lock(keys_mutex_);
  if (!keys_in_flight_.emplace(endpoint_key, key).second) return nullptr;
  return std::make_shared<KeyClaim>(*this, endpoint_key, key);
}

void IngestService::ReleaseKey(int64_t endpoint_key, const std::string& key) {
  std::lock_guard lock(keys_mutex_);
  keys_in_flight_.erase({endpoint_key, key});
}

}  // namespace inlet::http
