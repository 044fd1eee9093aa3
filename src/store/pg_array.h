// PostgreSQL array literals ({1,2,3}, {"a","b"}) for passing many values as one text
// parameter ($1::bigint[], $2::text[]), so that one statement writes many rows: each
// statement is a round trip to the server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::store {

// Appends `value` to an array literal being built (it starts with "{"): quoted, with `"`
// and `\` escaped, so any text (commas, braces, quotes, "NULL") stays one element as given.
inline void AppendArrayElement(std::string& literal, std::string_view value) {
  if (literal.size() > 1) literal.push_back(',');
  literal.push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') literal.push_back('\\');
    literal.push_back(c);
  }
  literal.push_back('"');
}

inline std::string TextArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (const auto& value : values) AppendArrayElement(literal, value);
  literal.push_back('}');
  return literal;
}

inline std::string IntArray(const std::vector<int64_t>& values) {
  std::string literal = "{";
  for (int64_t value : values) {
    if (literal.size() > 1) literal.push_back(',');
    literal += std::to_string(value);
  }
  literal.push_back('}');
  return literal;
}

}  // namespace inlet::store
