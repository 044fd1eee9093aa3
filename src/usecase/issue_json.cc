#include "inlet/usecase/issue_json.h"

namespace inlet::usecase {
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

}  // namespace inlet::usecase
