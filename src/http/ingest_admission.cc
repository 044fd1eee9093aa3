// The checks of SPEC §2.1 made before the body is read, and the route table entry.
#include <thread>

#include "http/ingest_envelope.h"
#include "http/ingest_service.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/http/errors.h"
#include "inlet/processing/mapping.h"

namespace inlet::http {
namespace {

constexpr size_t kMaxIdempotencyKeyLength = 255;

bool IsUsableKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) return false;
  for (unsigned char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

IngestService::IngestService(ApiContext& context)
    : context_(context),
      limits_{context.config.limits.max_records, context.config.limits.max_columns,
              context.config.limits.max_name_length, context.config.limits.max_depth},
      records_accepted_(context.metrics.GetCounter("inlet_ingest_records_total",
                                                   "Records received, by outcome.",
                                                   {{"outcome", "accepted"}})),
      records_rejected_(context.metrics.GetCounter("inlet_ingest_records_total",
                                                   "Records received, by outcome.",
                                                   {{"outcome", "rejected"}})),
      warnings_(context.metrics.GetCounter("inlet_ingest_warnings_total",
                                           "Repairs and other warnings reported to clients.")),
      body_bytes_(context.metrics.GetCounter("inlet_ingest_body_bytes_total",
                                             "Decoded ingestion body bytes processed.")),
      work_(static_cast<int>(std::max(2u, std::thread::hardware_concurrency()))) {}

std::optional<Response> IngestService::Admit(AdmitCall& call) {
  auto id = NormalizeUuid(call.params[0]);
  if (!id) {
    return EnvelopeError(
        Status::NotFound("endpoint-not-found", "\"" + call.params[0] + "\" is not an endpoint id"),
        "", "");
  }
  auto endpoint = context_.store.GetEndpoint(*id);
  if (!endpoint.ok()) return EnvelopeError(endpoint.status(), *id, "");
  Status allowed = auth::Authorize(call.principal, auth::Scope::kIngest, *id);
  if (!allowed.ok()) return EnvelopeError(allowed, *id, "");

  // From here on every answer leaves a receipt.
  auto upload = std::make_shared<UploadState>();
  upload->endpoint = std::move(endpoint.value());
  upload->receipt_id = NewUuidV7();
  upload->received_at_ms = NowUnixMillis();
  upload->dry_run = call.head.QueryParam("dryRun").value_or("") == "true";

  if (upload->endpoint.mode == ProcessingMode::kBridge) {
    // A bridge endpoint keeps no records: without a usable mapping it has nowhere to
    // put them (SPEC §4).
    auto mapping = processing::ParseMapping(upload->endpoint.mapping_json);
    Status usable = mapping.ok()
                        ? processing::CheckComplete(*mapping)
                        : Status::Conflict("mapping-incomplete", mapping.status().message());
    if (!usable.ok()) return RecordRefusal(*upload, usable);
  }

  auto reading = NegotiateBody(call.head.headers.Get("Content-Type"),
                               call.head.headers.Get("Content-Encoding"));
  if (!reading.ok()) return RecordRefusal(*upload, reading.status());
  upload->reading = *reading;

  uint64_t wire_limit = context_.config.limits.body_wire_bytes;
  if (call.head.content_length && *call.head.content_length > wire_limit) {
    return RecordRefusal(*upload,
                         Status(StatusCode::kPayloadTooLarge, "body-too-large",
                                "the body declares " + std::to_string(*call.head.content_length) +
                                    " bytes; the maximum is " + std::to_string(wire_limit) +
                                    " bytes on the wire: split it into several requests"));
  }

  if (call.head.headers.Has("Idempotency-Key")) {
    std::string key(call.head.headers.Get("Idempotency-Key"));
    if (!IsUsableKey(key)) {
      return RecordRefusal(*upload,
                           Status::InvalidArgument("invalid-idempotency-key",
                                                   "Idempotency-Key must be 1 to 255 visible ASCII "
                                                   "characters"));
    }
    upload->idempotency_key = std::move(key);
  }
  call.route_state = std::move(upload);
  return std::nullopt;
}

void IngestService::Refuse(std::shared_ptr<Call> call, Refusal reason, uint64_t limit,
                           Responder respond) {
  auto upload = std::static_pointer_cast<UploadState>(call->route_state);
  Status status =
      reason == Refusal::kBodyTooLarge
          ? Status(StatusCode::kPayloadTooLarge, "body-too-large",
                   "the body is larger than the maximum of " + std::to_string(limit) +
                       " bytes on the wire: split it into several requests")
          : Status::Unavailable("overloaded",
                                "request bodies in memory have reached the "
                                "ceiling of " +
                                    std::to_string(limit) + " bytes; retry after a moment");
  respond(RecordRefusal(*upload, status));
}

std::pair<Response, store::ReceiptToStore> IngestService::RefusalAnswer(const UploadState& upload,
                                                                        const Status& status) {
  Response response =
      EnvelopeError(status, upload.endpoint.id, upload.dry_run ? "" : upload.receipt_id);
  store::ReceiptToStore receipt;
  receipt.id = upload.receipt_id;
  receipt.endpoint_key = upload.endpoint.key;
  receipt.received_at_ms = upload.received_at_ms;
  receipt.http_status = response.status;
  receipt.errors = 1;
  receipt.response = response.body;
  receipt.logs.push_back({IssueLevel::kError,
                          IssueDomain::kRequest,
                          response.status == 500 ? "internal-error" : status.message_id(),
                          std::nullopt,
                          status.message(),
                          1,
                          {-1}});
  return {std::move(response), std::move(receipt)};
}

Response IngestService::RecordRefusal(const UploadState& upload, const Status& status) {
  auto [response, receipt] = RefusalAnswer(upload, status);
  if (!upload.dry_run) context_.store.Append(std::move(receipt), [](const Status&, int64_t) {});
  return std::move(response);
}

void IngestService::AnswerRefusal(const UploadState& upload, const Status& status,
                                  Responder respond) {
  auto [response, receipt] = RefusalAnswer(upload, status);
  if (upload.dry_run) return respond(std::move(response));
  // The refusal is answered once its receipt is stored; when the commit fails, nothing
  // of the request was kept and the answer says so, like any other request of that commit.
  context_.store.Append(std::move(receipt), [response = std::move(response),
                                             respond = std::move(respond),
                                             endpoint_id = upload.endpoint.id](
                                                const Status& committed, int64_t) mutable {
    respond(committed.ok() ? std::move(response) : CommitFailedEnvelope(committed, endpoint_id));
  });
}

std::vector<RouteDef> IngestRoutes(ApiContext& context) {
  auto service = std::make_shared<IngestService>(context);
  RouteDef upload;
  upload.method = "POST";
  upload.pattern = "/upload/api/endpoint/{id}";
  upload.access = Access::kIngest;
  upload.body_limit = context.config.limits.body_wire_bytes;
  upload.envelope = true;
  upload.admit = [service](AdmitCall& call) { return service->Admit(call); };
  upload.handle_async = [service](std::shared_ptr<Call> call, Responder respond) {
    service->Handle(std::move(call), std::move(respond));
  };
  upload.drain = [service] { service->Drain(); };
  upload.refuse = [service](std::shared_ptr<Call> call, Refusal reason, uint64_t limit,
                            Responder respond) {
    service->Refuse(std::move(call), reason, limit, std::move(respond));
  };
  return {std::move(upload)};
}

}  // namespace inlet::http
