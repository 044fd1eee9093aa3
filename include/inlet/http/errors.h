// The one table from failures to HTTP statuses, and the JSON body every error carries:
// {"success":false,"error":true,"errors":[Issue]} (SPEC §3).
#pragma once

#include <string>
#include <string_view>

#include "inlet/common/status.h"
#include "inlet/http/message.h"

namespace inlet::http {

int HttpStatusOf(StatusCode code);

// Adds `WWW-Authenticate: Bearer` to 401s and `Retry-After` to 503s and 507s.
// `endpoint_id` fills the dataSetId when the failure concerns an endpoint.
Response ErrorResponse(const Status& status, std::string_view endpoint_id = "");
Response ErrorResponse(int http_status, const std::string& message_id, const std::string& message,
                       std::string_view endpoint_id = "");

// The `Retry-After` value (seconds) an answer with this status carries: 503 and 507
// (the store refused a write); null for every other status.
const char* RetryAfterSeconds(int http_status);

}  // namespace inlet::http
