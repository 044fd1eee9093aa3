#include "inlet/usecase/ingest_upload.h"

#include <spdlog/spdlog.h>

#include "inlet/common/crypto.h"
#include "inlet/common/json_text.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/processing/clue.h"
#include "inlet/processing/mapping.h"

namespace inlet::usecase {
namespace {

constexpr size_t kMaxIdempotencyKeyLength = 255;

Sha256Digest RequestHash(const std::string& body, std::string_view content_type) {
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

// What a dry run adds (SPEC §2.5) when the endpoint's mapping is complete: the
// identifiers each accepted record would produce, at most `max` records of them, and a
// record the mapping cannot map with why. Nothing when the mapping is incomplete.
std::string DryRunIdentifiers(const std::string& mapping_json,
                              const std::vector<AcceptedRecord>& records, size_t max) {
  auto mapping = processing::ParseMapping(mapping_json);
  if (!mapping.ok() || !processing::CheckComplete(*mapping).ok()) return "";
  const std::string mapping_text = processing::MappingToJson(*mapping);
  std::string out = ",\"identifiers\":[";
  const size_t shown = std::min(max, records.size());
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out.push_back(',');
    out += "{\"rowIndex\":" + std::to_string(records[i].row_index) + ",\"codes\":[";
    auto clue = processing::BuildClue(*mapping, mapping_text, records[i].data);
    if (clue.ok()) {
      for (size_t c = 0; c < clue->codes.size(); ++c) {
        if (c > 0) out.push_back(',');
        AppendJsonString(out, clue->codes[c]);
      }
      out += "]}";
    } else {
      out += "],\"error\":{\"messageId\":";
      AppendJsonString(out, clue.status().message_id());
      out += ",\"message\":";
      AppendJsonString(out, clue.status().message());
      out += "}}";
    }
  }
  out += "],\"identifiersOmitted\":" + std::to_string(records.size() - shown);
  return out;
}

Issue ContentTypeAssumed(const std::string& sent) {
  Issue issue;
  issue.message_id = "content-type-assumed";
  issue.level = IssueLevel::kWarning;
  issue.message = sent.empty() ? "no Content-Type was sent; the body was read as JSON. Send "
                                 "Content-Type: application/json"
                               : "Content-Type " + sent +
                                     " was read as JSON. Send Content-Type: application/json";
  return issue;
}

// 200 when records were accepted (or the batch was empty), 500 when ProcessBody reported
// its own failure (out of memory, a bug) as internal-error, else 400.
int AnswerStatus(const ingest::Outcome& outcome, const ingest::IssueCollector& issues) {
  if (!outcome.request_failed && (!outcome.accepted.empty() || outcome.empty_batch)) return 200;
  const bool internal = outcome.request_failed && !issues.errors().empty() &&
                        issues.errors().front().message_id == "internal-error";
  return internal ? 500 : 400;
}

}  // namespace

Status CheckIdempotencyKey(std::string_view key) {
  bool usable = !key.empty() && key.size() <= kMaxIdempotencyKeyLength;
  for (unsigned char c : key) usable = usable && c >= 0x21 && c <= 0x7e;
  if (usable) return Status::Ok();
  return Status::InvalidArgument("invalid-idempotency-key",
                                 "Idempotency-Key must be 1 to 255 visible ASCII characters");
}

bool KeptForReplay(int http_status) { return http_status == 200 || http_status == 400; }

class UploadIngestion::KeyClaim {
 public:
  KeyClaim(UploadIngestion& owner, int64_t endpoint_key, std::string key)
      : owner_(owner), endpoint_key_(endpoint_key), key_(std::move(key)) {}
  ~KeyClaim() { owner_.ReleaseKey(endpoint_key_, key_); }
  KeyClaim(const KeyClaim&) = delete;
  KeyClaim& operator=(const KeyClaim&) = delete;

 private:
  UploadIngestion& owner_;
  int64_t endpoint_key_;
  std::string key_;
};

UploadIngestion::UploadIngestion(store::Store& store, FieldProfiles& profiles,
                                 processing::Processor& processor,
                                 const config::LimitsConfig& limits, MetricsRegistry& metrics)
    : store_(store),
      profiles_(profiles),
      processor_(processor),
      limits_{limits.max_records, limits.max_columns, limits.max_name_length, limits.max_depth},
      max_issues_(static_cast<size_t>(limits.max_issues)),
      records_accepted_(metrics.GetCounter("inlet_ingest_records_total",
                                           "Records received, by outcome.",
                                           {{"outcome", "accepted"}})),
      records_rejected_(metrics.GetCounter("inlet_ingest_records_total",
                                           "Records received, by outcome.",
                                           {{"outcome", "rejected"}})),
      warnings_(metrics.GetCounter("inlet_ingest_warnings_total",
                                   "Repairs and other warnings reported to clients.")),
      body_bytes_(metrics.GetCounter("inlet_ingest_body_bytes_total",
                                     "Decoded ingestion body bytes processed.")) {}

std::variant<Upload, IngestAnswer> UploadIngestion::Open(std::string_view endpoint_id,
                                                         const auth::Principal& caller,
                                                         bool dry_run) {
  auto id = NormalizeUuid(endpoint_id);
  if (!id) {
    return EnvelopeError(Status::NotFound("endpoint-not-found", "\"" + std::string(endpoint_id) +
                                                                    "\" is not an endpoint id"),
                         "", "");
  }
  auto endpoint = store_.GetEndpoint(*id);
  if (!endpoint.ok()) return EnvelopeError(endpoint.status(), *id, "");
  Status allowed = auth::Authorize(caller, auth::Scope::kIngest, *id);
  if (!allowed.ok()) return EnvelopeError(allowed, *id, "");

  Upload upload;
  upload.endpoint = std::move(endpoint.value());
  upload.receipt_id = NewUuidV7();
  upload.received_at_ms = NowUnixMillis();
  upload.dry_run = dry_run;
  if (upload.endpoint.mode == ProcessingMode::kBridge) {
    // A bridge endpoint keeps no records: without a usable mapping it has nowhere to
    // put them (SPEC §4).
    auto mapping = processing::ParseMapping(upload.endpoint.mapping_json);
    Status usable = mapping.ok()
                        ? processing::CheckComplete(*mapping)
                        : Status::Conflict("mapping-incomplete", mapping.status().message());
    if (!usable.ok()) return RefuseNow(upload, usable);
  }
  return upload;
}

void UploadIngestion::Ingest(const Upload& upload, std::string body,
                             std::shared_ptr<MemoryHold> memory, AnswerFn answer) {
  const std::string& endpoint_id = upload.endpoint.id;
  body_bytes_.Add(body.size());
  std::shared_ptr<KeyClaim> claim;
  std::optional<Sha256Digest> request_hash;
  if (upload.idempotency_key && !upload.dry_run &&
      AnsweredByKey(upload, body, claim, request_hash, answer)) {
    return;
  }

  ingest::IssueCollector issues(max_issues_);
  if (upload.content_type_assumed_from) {
    issues.Add(ContentTypeAssumed(*upload.content_type_assumed_from));
  }
  ingest::Outcome outcome = ingest::ProcessBody(body, upload.format, limits_, issues);
  body = std::string();  // the records hold what is needed now
  // The parsed records wait for their commit in memory: counted until it is done, even
  // past the ceiling (they exist already), so that new bodies are refused meanwhile.
  if (memory) memory->ForceResize(HeldBytes(outcome));

  const int64_t accepted = static_cast<int64_t>(outcome.accepted.size());
  IngestAnswer done;
  done.http_status = AnswerStatus(outcome, issues);
  done.endpoint_id = endpoint_id;
  done.receipt_id = upload.dry_run ? "" : upload.receipt_id;
  done.envelope =
      EnvelopeJson(issues, {outcome.received, accepted, outcome.rejected, outcome.empty_batch},
                   endpoint_id, done.receipt_id);
  if (upload.dry_run) {
    if (done.http_status == 200) {
      done.envelope = WithMembers(done.envelope, DryRunIdentifiers(upload.endpoint.mapping_json,
                                                                   outcome.accepted, max_issues_));
    }
    return answer(std::move(done));
  }

  store::ReceiptToStore receipt = ReceiptOf(upload, done, outcome, issues);
  // A bridge request's answer tells what its records came to, known inside the commit.
  std::shared_ptr<store::OutcomeCounts> golden;
  if (upload.endpoint.mode == ProcessingMode::kBridge && accepted > 0) {
    golden = std::make_shared<store::OutcomeCounts>();
    // Open checked the mapping; this fails only if it was reset since.
    auto hook = processor_.BridgeHook(upload.endpoint, golden);
    if (!hook.ok()) return answer(EnvelopeError(hook.status(), endpoint_id, ""));
    receipt.process_in_commit = [process = std::move(*hook), golden, envelope = done.envelope](
                                    store::GoldenWriter& writer, int64_t receipt_seq,
                                    const std::vector<store::StoredRecord>& records) {
      INLET_RETURN_IF_ERROR(process(writer, receipt_seq, records));
      return writer.SetReceiptResponse(receipt_seq, WithGoldenCounts(envelope, *golden));
    };
  }
  if (request_hash && KeptForReplay(done.http_status)) {
    receipt.idempotency = store::IdempotencyToStore{*upload.idempotency_key, *request_hash};
  }
  // Where profiles follow the store they read the records back themselves.
  auto profile_delta = std::make_shared<ingest::FieldProfile>(profiles_.NewProfile());
  if (!profiles_.follows_store()) {
    for (const auto& record : receipt.records) profile_delta->AddRecord(record.data);
  }

  records_accepted_.Add(static_cast<uint64_t>(accepted));
  records_rejected_.Add(static_cast<uint64_t>(outcome.rejected));
  warnings_.Add(static_cast<uint64_t>(issues.warning_count()));
  store_.Append(std::move(receipt), [this, upload, request_hash, profile_delta,
                                     claim = std::move(claim), memory = std::move(memory),
                                     done = std::move(done), golden = std::move(golden),
                                     answer = std::move(answer)](const Status& committed,
                                                                 int64_t last_record_seq) mutable {
    // Before answering: a client may retry the moment it has the answer.
    claim.reset();
    const store::Endpoint& endpoint = upload.endpoint;
    if (!committed.ok()) {
      // Another node stored the same Idempotency-Key first (its unique key decided):
      // this request is answered as a retry of that one.
      if (committed.message_id() == "already-exists" && upload.idempotency_key && request_hash) {
        auto stored = store_.FindIdempotentAnswer(endpoint.key, *upload.idempotency_key);
        if (stored.ok() && *stored) {
          return AnswerFromStored(upload, **stored, *request_hash, std::move(answer));
        }
      }
      spdlog::error("receipt {} of endpoint {} not stored: {}", done.receipt_id, endpoint.id,
                    committed.message());
      return answer(CommitFailedEnvelope(committed, endpoint.id));
    }
    if (golden) done.envelope = WithGoldenCounts(done.envelope, *golden);
    if (last_record_seq > 0) {
      profiles_.Apply(endpoint.key, endpoint.id, *profile_delta, last_record_seq);
      if (endpoint.mode == ProcessingMode::kAutomatic) processor_.RecordsCommitted(endpoint.key);
    }
    answer(std::move(done));
  });
}

bool UploadIngestion::AnsweredByKey(const Upload& upload, const std::string& body,
                                    std::shared_ptr<KeyClaim>& claim,
                                    std::optional<Sha256Digest>& request_hash, AnswerFn& answer) {
  const std::string& key = *upload.idempotency_key;
  // Claimed before looking up: a request that finishes between the look-up and the claim
  // would otherwise be processed twice.
  claim = TryClaimKey(upload.endpoint.key, key);
  if (!claim) {
    Refuse(upload,
           Status::Conflict("idempotency-key-in-flight",
                            "a request with Idempotency-Key \"" + key +
                                "\" is still being processed; retry after it is answered"),
           [answer = std::move(answer)](IngestAnswer refused) {
             refused.key_in_flight = true;
             answer(std::move(refused));
           });
    return true;
  }
  request_hash = RequestHash(body, upload.content_type);
  auto previous = store_.FindIdempotentAnswer(upload.endpoint.key, key);
  if (!previous.ok() || *previous) claim.reset();
  if (!previous.ok()) {
    answer(EnvelopeError(previous.status(), upload.endpoint.id, ""));
    return true;
  }
  if (!*previous) return false;
  AnswerFromStored(upload, **previous, *request_hash, std::move(answer));
  return true;
}

void UploadIngestion::AnswerFromStored(const Upload& upload, const store::IdempotentAnswer& stored,
                                       const Sha256Digest& request_hash, AnswerFn answer) {
  if (stored.request_hash != request_hash) {
    Refuse(upload,
           Status(StatusCode::kUnprocessable, "idempotency-key-reused",
                  "Idempotency-Key \"" + *upload.idempotency_key +
                      "\" was used for another body; use a new key"),
           std::move(answer));
    return;
  }
  IngestAnswer replay;
  replay.http_status = stored.http_status;
  replay.envelope = stored.response;
  replay.endpoint_id = upload.endpoint.id;
  replay.receipt_id = stored.receipt_id;
  replay.replayed = true;
  answer(std::move(replay));
}

store::ReceiptToStore UploadIngestion::ReceiptOf(const Upload& upload, const IngestAnswer& answer,
                                                 ingest::Outcome& outcome,
                                                 const ingest::IssueCollector& issues) {
  store::ReceiptToStore receipt;
  receipt.id = upload.receipt_id;
  receipt.endpoint_key = upload.endpoint.key;
  receipt.received_at_ms = upload.received_at_ms;
  receipt.http_status = answer.http_status;
  receipt.received = outcome.received;
  receipt.accepted = static_cast<int64_t>(outcome.accepted.size());
  receipt.rejected = outcome.rejected;
  receipt.warnings = issues.warning_count();
  receipt.errors = issues.error_count();
  receipt.response = answer.envelope;
  receipt.records = std::move(outcome.accepted);
  receipt.logs = issues.LogRows();
  return receipt;
}

IngestAnswer UploadIngestion::RefusalAnswer(const Upload& upload, const Status& status) {
  return EnvelopeError(status, upload.endpoint.id, upload.dry_run ? "" : upload.receipt_id);
}

store::ReceiptToStore UploadIngestion::RefusalReceipt(const Upload& upload,
                                                      const IngestAnswer& answer,
                                                      const Status& status) {
  store::ReceiptToStore receipt;
  receipt.id = upload.receipt_id;
  receipt.endpoint_key = upload.endpoint.key;
  receipt.received_at_ms = upload.received_at_ms;
  receipt.http_status = answer.http_status;
  receipt.errors = 1;
  receipt.response = answer.envelope;
  receipt.logs.push_back({IssueLevel::kError,
                          IssueDomain::kRequest,
                          answer.http_status == 500 ? "internal-error" : status.message_id(),
                          std::nullopt,
                          status.message(),
                          1,
                          {-1}});
  return receipt;
}

void UploadIngestion::Refuse(const Upload& upload, const Status& status, AnswerFn answer) {
  IngestAnswer refused = RefusalAnswer(upload, status);
  if (upload.dry_run) return answer(std::move(refused));
  // The refusal is answered once its receipt is stored; when the commit fails, nothing
  // of the request was kept and the answer says so, like any other request of that commit.
  store_.Append(RefusalReceipt(upload, refused, status),
                [refused, answer = std::move(answer)](const Status& committed, int64_t) mutable {
                  answer(committed.ok() ? std::move(refused)
                                        : CommitFailedEnvelope(committed, refused.endpoint_id));
                });
}

IngestAnswer UploadIngestion::RefuseNow(const Upload& upload, const Status& status) {
  IngestAnswer refused = RefusalAnswer(upload, status);
  if (!upload.dry_run) {
    store_.Append(RefusalReceipt(upload, refused, status), [](const Status&, int64_t) {});
  }
  return refused;
}

std::shared_ptr<UploadIngestion::KeyClaim> UploadIngestion::TryClaimKey(int64_t endpoint_key,
                                                                        const std::string& key) {
  std::lock_guard lock(keys_mutex_);
  if (!keys_in_flight_.emplace(endpoint_key, key).second) return nullptr;
  return std::make_shared<KeyClaim>(*this, endpoint_key, key);
}

void UploadIngestion::ReleaseKey(int64_t endpoint_key, const std::string& key) {
  std::lock_guard lock(keys_mutex_);
  keys_in_flight_.erase({endpoint_key, key});
}

}  // namespace inlet::usecase
