// Walks the top-level members of a stored record: a compact JSON object as ingestion
// writes it, whose member names are repaired and so never need escapes. Used by the
// views derived from stored records (field profiles, the search index).
#pragma once

#include <string_view>

namespace inlet {

// Calls `visit(name, value_json)` for each member in order. Stops quietly at anything
// that is not such an object, rather than misreading it. `value_json` is the value's
// JSON text (a string keeps its quotes and escapes).
template <typename Visit>
void ForEachTopLevelMember(std::string_view record_json, Visit visit);

// The end of the JSON value that starts at `pos` (one past its last byte), or npos when
// it is not well formed. A scalar ends at the next top-level ',' or closing bracket.
size_t JsonValueEnd(std::string_view json, size_t pos);

template <typename Visit>
void ForEachTopLevelMember(std::string_view record_json, Visit visit) {
  if (record_json.size() < 2 || record_json.front() != '{') return;
  size_t pos = 1;
  while (pos < record_json.size() && record_json[pos] == '"') {
    size_t name_end = record_json.find('"', pos + 1);
    if (name_end == std::string_view::npos || name_end + 1 >= record_json.size() ||
        record_json[name_end + 1] != ':') {
      return;
    }
    size_t value_begin = name_end + 2;
    size_t value_end = JsonValueEnd(record_json, value_begin);
    if (value_end == std::string_view::npos) return;
    visit(record_json.substr(pos + 1, name_end - pos - 1),
          record_json.substr(value_begin, value_end - value_begin));
    pos = value_end;
    if (pos < record_json.size() && record_json[pos] == ',') ++pos;
  }
}

}  // namespace inlet
