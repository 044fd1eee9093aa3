// The checks of SPEC §2.1 that only HTTP carries, and the route table entry.
#include <thread>

#include "http/ingest_answer.h"
#include "http/ingest_service.h"

namespace inlet::http {

IngestService::IngestService(ApiContext& context)
    : context_(context),
      ingestion_(context.store, context.profiles, context.processor, context.config.limits,
                 context.metrics),
      work_(static_cast<int>(std::max(2u, std::thread::hardware_concurrency()))) {}

std::optional<Response> IngestService::Admit(AdmitCall& call) {
  const bool dry_run = call.head.QueryParam("dryRun").value_or("") == "true";
  auto opened = ingestion_.Open(call.params[0], call.principal, dry_run);
  if (auto* refused = std::get_if<usecase::IngestAnswer>(&opened)) {
    return ToResponse(std::move(*refused));
  }
  auto state = std::make_shared<UploadState>();
  usecase::Upload& upload = state->upload;
  upload = std::move(std::get<usecase::Upload>(opened));
  // From here on every answer leaves a receipt.
  auto refuse = [&](const Status& status) {
    return std::optional<Response>(ToResponse(ingestion_.RefuseNow(upload, status)));
  };

  const std::string_view content_type = call.head.headers.Get("Content-Type");
  auto reading = NegotiateBody(content_type, call.head.headers.Get("Content-Encoding"));
  if (!reading.ok()) return refuse(reading.status());
  upload.format = reading->format;
  upload.content_type = std::string(content_type);
  upload.content_type_assumed_from = reading->assumed_from;
  state->encoding = reading->encoding;

  uint64_t wire_limit = context_.config.limits.body_wire_bytes;
  if (call.head.content_length && *call.head.content_length > wire_limit) {
    return refuse(Status(StatusCode::kPayloadTooLarge, "body-too-large",
                         "the body declares " + std::to_string(*call.head.content_length) +
                             " bytes; the maximum is " + std::to_string(wire_limit) +
                             " bytes on the wire: split it into several requests"));
  }

  if (call.head.headers.Has("Idempotency-Key")) {
    std::string key(call.head.headers.Get("Idempotency-Key"));
    Status usable = usecase::CheckIdempotencyKey(key);
    if (!usable.ok()) return refuse(usable);
    upload.idempotency_key = std::move(key);
  }
  call.route_state = std::move(state);
  return std::nullopt;
}

void IngestService::Refuse(std::shared_ptr<Call> call, Refusal reason, uint64_t limit,
                           Responder respond) {
  auto state = std::static_pointer_cast<UploadState>(call->route_state);
  Status status =
      reason == Refusal::kBodyTooLarge
          ? Status(StatusCode::kPayloadTooLarge, "body-too-large",
                   "the body is larger than the maximum of " + std::to_string(limit) +
                       " bytes on the wire: split it into several requests")
          : Status::Unavailable("overloaded",
                                "request bodies in memory have reached the "
                                "ceiling of " +
                                    std::to_string(limit) + " bytes; retry after a moment");
  respond(ToResponse(ingestion_.RefuseNow(state->upload, status)));
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
