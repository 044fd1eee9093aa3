#include "http/json_support.h"

#include <algorithm>

namespace inlet::http {
Response JsonResponse(int status, const nlohmann::json& json) {
  Response response;
  response.status = status;
  response.body = DumpJson(json);
  return response;
}

Response TextResponse(int status, std::string json_text, const std::string& endpoint_id) {
  Response response;
  response.status = status;
  response.body = std::move(json_text);
  response.endpoint_id = endpoint_id;
  return response;
}

Result<nlohmann::json> ParseJsonObject(const std::string& body) {
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(
        "invalid-json", "the body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  if (!parsed.is_object()) {
    return Status::InvalidArgument("invalid-request", "the body must be a JSON object");
  }
  return parsed;
}

Status CheckMembers(const nlohmann::json& object, const std::vector<std::string>& allowed) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Status::InvalidArgument("invalid-request", "unknown member \"" + key + "\"");
    }
  }
  return Status::Ok();
}

std::string DumpJson(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DumpJson(const nlohmann::ordered_json& json) {
  return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace inlet::http
