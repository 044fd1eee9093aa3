// An ingestion answer dressed for HTTP (private to http/).
#pragma once

#include "inlet/http/message.h"
#include "inlet/usecase/ingest_envelope.h"

namespace inlet::http {

// The envelope as the body, with X-Receipt-Id when a receipt names the answer,
// WWW-Authenticate on 401, Retry-After on 503 and 507 (1 s when the Idempotency-Key is
// in flight) and Idempotent-Replayed on a replay.
Response ToResponse(usecase::IngestAnswer answer);

}  // namespace inlet::http
