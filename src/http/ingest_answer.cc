#include "http/ingest_answer.h"

#include "inlet/usecase/answer_status.h"

namespace inlet::http {

Response ToResponse(usecase::IngestAnswer answer) {
  Response response;
  response.status = answer.http_status;
  response.body = std::move(answer.envelope);
  response.endpoint_id = std::move(answer.endpoint_id);
  if (!answer.receipt_id.empty()) {
    response.headers.Set("X-Receipt-Id", answer.receipt_id);
    response.receipt_id = std::move(answer.receipt_id);
  }
  if (response.status == 401) response.headers.Set("WWW-Authenticate", "Bearer");
  if (const char* seconds = usecase::RetryAfterSeconds(response.status)) {
    response.headers.Set("Retry-After", seconds);
  }
  if (answer.key_in_flight) response.headers.Set("Retry-After", "1");
  if (answer.replayed) response.headers.Set("Idempotent-Replayed", "true");
  return response;
}

}  // namespace inlet::http
