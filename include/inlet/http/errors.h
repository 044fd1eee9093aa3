// The JSON body every management error carries: {"success":false,"error":true,
// "errors":[Issue]} (SPEC §3), with the status from the one table (usecase/answer_status.h).
#pragma once

#include <string>
#include <string_view>

#include "inlet/common/status.h"
#include "inlet/http/message.h"

namespace inlet::http {

// Adds `WWW-Authenticate: Bearer` to 401s and `Retry-After` to 503s and 507s.
// `endpoint_id` fills the dataSetId when the failure concerns an endpoint.
Response ErrorResponse(const Status& status, std::string_view endpoint_id = "");
Response ErrorResponse(int http_status, const std::string& message_id, const std::string& message,
                       std::string_view endpoint_id = "");

}  // namespace inlet::http
