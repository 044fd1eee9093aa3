// Writing JSON text by hand, where a JSON library would cost more than the work: stored
// records, clues, golden-record documents, log lines; and reading the \u escapes of JSON
// text already checked by a parser.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace inlet {

// Appends `text` (valid UTF-8) as a quoted JSON string with minimal escaping: `"` and
// `\`, control characters as \b, \f, \n, \r, \t or \u00xx. Everything else is written as
// is — the same text nlohmann::json's dump() writes for valid UTF-8.
void AppendJsonString(std::string& out, std::string_view text);

// A \uXXXX escape at the start of `text`, or a surrogate pair of two, as a code point.
// A surrogate that is not half of a pair reads as U+FFFD, so what is read can always be
// written as UTF-8, and says so in `lone_surrogate`. `length` is the bytes read (6 or
// 12), or 0 when `text` does not start with a backslash, `u` and four hex digits.
struct UnicodeEscape {
  char32_t code_point = 0;
  size_t length = 0;
  bool lone_surrogate = false;
};
UnicodeEscape ReadUnicodeEscape(std::string_view text);

}  // namespace inlet
