#include "inlet/cli/batch_answer.h"

#include <nlohmann/json.hpp>

namespace inlet::cli {
namespace {

using nlohmann::json;

uint64_t Count(const json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

std::string Text(const json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

BatchAnswer ReadBatchAnswer(std::string_view body) {
  BatchAnswer answer;
  json root = json::parse(body, nullptr, false);
  if (root.is_discarded() || !root.is_object() || !root.contains("accepted")) {
    answer.errors.push_back(RecordError{-1, "unexpected-answer", std::string(body.substr(0, 200))});
    return answer;
  }
  answer.envelope = true;
  answer.accepted = Count(root, "accepted");
  answer.rejected = Count(root, "rejected");
  answer.warnings_omitted = Count(root, "warningsOmitted");
  answer.errors_omitted = Count(root, "errorsOmitted");
  if (auto it = root.find("warnings"); it != root.end() && it->is_array()) {
    for (const auto& warning : *it) {
      if (warning.is_object()) ++answer.warnings[Text(warning, "messageId")];
    }
  }
  if (auto it = root.find("errors"); it != root.end() && it->is_array()) {
    for (const auto& error : *it) {
      if (!error.is_object()) continue;
      RecordError read;
      if (auto row = error.find("rowIndex"); row != error.end() && row->is_number_integer()) {
        read.row_index = row->get<int64_t>();
      }
      read.message_id = Text(error, "messageId");
      read.message = Text(error, "errorMessage");
      answer.errors.push_back(std::move(read));
    }
  }
  return answer;
}

std::string FirstMessageId(std::string_view body) {
  json root = json::parse(body, nullptr, false);
  if (!root.is_object()) return "";
  auto errors = root.find("errors");
  if (errors == root.end() || !errors->is_array() || errors->empty()) return "";
  const json& first = (*errors)[0];
  return first.is_object() ? Text(first, "messageId") : "";
}

}  // namespace inlet::cli
