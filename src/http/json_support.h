// JSON helpers shared by the http module's handlers (private to http/).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/common/issue.h"
#include "inlet/common/status.h"
#include "inlet/http/message.h"
#include "inlet/usecase/issue_json.h"

namespace inlet::http {

// Serializes without ever throwing: invalid UTF-8 (which can only come from a client)
// is replaced by U+FFFD rather than failing the answer.
std::string DumpJson(const nlohmann::json& json);
std::string DumpJson(const nlohmann::ordered_json& json);

// A response with `json` as its body.
Response JsonResponse(int status, const nlohmann::json& json);
// A response with `json_text` (JSON already written) as its body, on behalf of
// `endpoint_id` ("" for none) in the access log.
Response TextResponse(int status, std::string json_text, const std::string& endpoint_id = "");

// Parses a management request body that must be one JSON object. Errors are
// kInvalidArgument "invalid-json" with the byte offset, or "invalid-request" when the
// top level is not an object.
Result<nlohmann::json> ParseJsonObject(const std::string& body);

// Fails with kInvalidArgument "invalid-request" naming the first member of `object`
// that is not in `allowed`.
Status CheckMembers(const nlohmann::json& object, const std::vector<std::string>& allowed);

}  // namespace inlet::http
