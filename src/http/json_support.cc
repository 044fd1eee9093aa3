#include "http/json_support.h"

#include <algorithm>

namespace inlet::http {
namespace {

constexpr size_t kMaxEchoedChars = 256;

// Cuts at 256 characters, not bytes, so a multi-byte character is never split. Whatever
// a client sends, an issue echoes at most this much of it.
std::string Cut(const std::string& text) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80 && ++chars > kMaxEchoedChars) {
      return text.substr(0, i);
    }
  }
  return text;
}

nlohmann::ordered_json OrNull(std::string_view text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(text));
}

}  // namespace

nlohmann::ordered_json IssueToJson(const Issue& issue, std::string_view endpoint_id,
                                   std::string_view receipt_id) {
  nlohmann::ordered_json json = {
      {"dataSetId", OrNull(endpoint_id)},
      {"receiptId", OrNull(receipt_id)},
      {"messageId", issue.message_id},
      {"errorMessage", issue.message},
      {"exception", issue.message},
      {"level", std::string(ToString(issue.level))},
      {"domain", std::string(ToString(issue.domain))},
      {"rowIndex", issue.row_index},
  };
  if (issue.property) json["property"] = Cut(*issue.property);
  if (issue.repaired) json["repaired"] = Cut(*issue.repaired);
  if (issue.path) json["path"] = Cut(*issue.path);
  if (issue.original) json["original"] = Cut(*issue.original);
  if (issue.line) json["line"] = *issue.line;
  if (issue.column) json["column"] = *issue.column;
  if (issue.offset) json["offset"] = *issue.offset;
  return json;
}

Response JsonResponse(int status, const nlohmann::json& json) {
  Response response;
  response.status = status;
  response.body = DumpJson(json);
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
