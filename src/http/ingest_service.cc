// Decoding one upload off the I/O threads and handing it to the use case.
#include "http/ingest_service.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>

#include "http/body_decoder.h"
#include "http/ingest_answer.h"

namespace inlet::http {
namespace {

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

void IngestService::Handle(std::shared_ptr<Call> call, Responder respond) {
  work_.Post([this, call = std::move(call), respond = AnswerOnce(std::move(respond))]() mutable {
    try {
      Process(std::move(call), respond);
    } catch (const std::exception& e) {
      spdlog::error("ingestion failed: {}", e.what());
      respond(ToResponse(usecase::EnvelopeError(Status::Internal(e.what()), "", "")));
    } catch (...) {
      spdlog::error("ingestion failed: an exception of unknown type");
      respond(ToResponse(
          usecase::EnvelopeError(Status::Internal("an exception of unknown type"), "", "")));
    }
  });
}

void IngestService::Process(std::shared_ptr<Call> call, Responder respond) {
  auto state = std::static_pointer_cast<UploadState>(call->route_state);
  usecase::AnswerFn answer = [respond = std::move(respond)](usecase::IngestAnswer done) {
    respond(ToResponse(std::move(done)));
  };
  std::shared_ptr<Reservation> memory = call->request.memory;
  // A small compressed body may decode to a large one: the reservation grows with the
  // decoded buffer, and decoding stops where the ceiling would be passed: 503 when other
  // requests fill it, 413 when this body alone is larger, which no retry would change.
  AllowDecodedGrowth allow_growth;
  uint64_t last_asked = 0;
  if (memory) {
    allow_growth = [&memory, &last_asked](uint64_t held) {
      last_asked = held;
      return memory->Resize(held);
    };
  }
  auto body =
      DecodeBody(std::move(call->request.body), state->encoding,
                 context_.config.limits.body_decoded_bytes, kMaxInflateSliceBytes, allow_growth);
  if (!body.ok()) {
    Status refused = body.status();
    if (refused.message_id() == "overloaded" && memory && last_asked > memory->limit()) {
      refused = Status(StatusCode::kPayloadTooLarge, "body-too-large",
                       "decoded, the body needs more than " + std::to_string(memory->limit()) +
                           " bytes in memory, which is all the server keeps for requests at "
                           "once (limits.inflightBodyBytes): split it into smaller requests");
    }
    return ingestion_.Refuse(state->upload, refused, std::move(answer));
  }
  // The compressed body is gone; the decoded one is what is held now.
  if (memory) memory->ForceResize(body->capacity());
  ingestion_.Ingest(state->upload, std::move(*body), std::move(memory), std::move(answer));
}

}  // namespace inlet::http
