// The ingestion route, POST /upload/api/endpoint/{id} (SPEC §2), private to http/: the
// HTTP side of usecase::UploadIngestion.
//
// Admit() opens the upload (endpoint and scope, through the use case) and checks what
// only HTTP carries: content type and encoding, declared size, Idempotency-Key. Handle()
// decodes the body on a work queue of its own (never on an I/O thread) and hands it to
// the use case, which answers once the receipt is durable.
#pragma once

#include <memory>
#include <optional>

#include "http/api_routes.h"
#include "http/content_negotiation.h"
#include "inlet/common/work_queue.h"
#include "inlet/usecase/ingest_upload.h"

namespace inlet::http {

// What admission learnt about one upload.
struct UploadState {
  usecase::Upload upload;
  ContentEncoding encoding = ContentEncoding::kIdentity;
};

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

  ApiContext& context_;
  usecase::UploadIngestion ingestion_;
  WorkQueue work_;  // last: its threads stop before the members they use go
};

}  // namespace inlet::http
