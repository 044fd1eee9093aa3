// Reading the values of a stored record: JSON text as ForEachTopLevelMember hands it out
// (compact, well formed, strings still quoted). See clue.h for how values become text.
#pragma once

#include <string>
#include <string_view>

#include "inlet/common/json_fields.h"

namespace inlet::processing {

// `null` or `""`: a value that never identifies anything and never wins.
bool IsEmptyValue(std::string_view json);

// The characters of a quoted JSON string, escapes decoded to UTF-8 (a lone surrogate
// becomes U+FFFD rather than invalid UTF-8). Text that is not a quoted string comes back
// unchanged.
std::string DecodeJsonString(std::string_view quoted);

// A value's text: a string's characters, anything else its JSON text; empty for null.
std::string ValueText(std::string_view json);

// Calls `visit(element_json)` for each element when `json` is an array and returns true;
// returns false, visiting nothing, for any other value.
template <typename Visit>
bool ForEachArrayElement(std::string_view json, Visit visit) {
  if (json.size() < 2 || json.front() != '[') return false;
  size_t pos = 1;
  auto skip_space = [&] {
    while (pos < json.size() &&
           (json[pos] == ' ' || json[pos] == '\n' || json[pos] == '\t' || json[pos] == '\r')) {
      ++pos;
    }
  };
  skip_space();
  while (pos < json.size() && json[pos] != ']') {
    size_t end = JsonValueEnd(json, pos);
    if (end == std::string_view::npos) return true;  // malformed tail: stop quietly
    size_t last = end;
    while (last > pos && (json[last - 1] == ' ' || json[last - 1] == '\n' ||
                          json[last - 1] == '\t' || json[last - 1] == '\r')) {
      --last;
    }
    visit(json.substr(pos, last - pos));
    pos = end;
    if (pos < json.size() && json[pos] == ',') ++pos;
    skip_space();
  }
  return true;
}

}  // namespace inlet::processing
