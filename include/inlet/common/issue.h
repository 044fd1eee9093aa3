// One error or warning as clients see it (SPEC §2.2): in responses, in the endpoint's
// log, and in management API errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inlet {

enum class IssueLevel { kError, kWarning };
enum class IssueDomain { kRequest, kParsing, kStoring, kMapping, kProcessing };

std::string_view ToString(IssueLevel level);    // "error" | "warning"
std::string_view ToString(IssueDomain domain);  // "request" | "parsing" | ...
// Exactly the words ToString gives.
std::optional<IssueLevel> ParseIssueLevel(std::string_view text);
std::optional<IssueDomain> ParseIssueDomain(std::string_view text);

struct Issue {
  std::string message_id;  // stable kebab-case code, e.g. "dot-in-property"
  std::string message;     // says what happened and what to do
  IssueLevel level = IssueLevel::kError;
  IssueDomain domain = IssueDomain::kRequest;
  int64_t row_index = -1;               // -1: the whole request
  std::optional<std::string> property;  // name as sent
  std::optional<std::string> repaired;  // name as stored
  std::optional<std::string> path;      // JSON Pointer inside the record as sent
  std::optional<std::string> original;
  std::optional<int64_t> line;    // 1-based
  std::optional<int64_t> column;  // 1-based, in bytes
  std::optional<int64_t> offset;  // 0-based byte offset in the decoded body
};

}  // namespace inlet
