// The one table from failures to HTTP statuses (SPEC §2.2, §3).
//
// It lives with the use cases, not the transport, because an ingestion answer's status
// is part of what a receipt keeps and replays; http/ dresses answers with it.
#pragma once

#include "inlet/common/status.h"

namespace inlet::usecase {

int HttpStatusOf(StatusCode code);

// The `Retry-After` value (seconds) an answer with this status carries: 503 and 507
// (the store refused a write); null for every other status.
const char* RetryAfterSeconds(int http_status);

}  // namespace inlet::usecase
