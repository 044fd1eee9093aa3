// Writing JSON text by hand, where a JSON library would cost more than the work: stored
// records, clues, golden-record documents, log lines.
#pragma once

#include <string>
#include <string_view>

namespace inlet {

// Appends `text` (valid UTF-8) as a quoted JSON string with minimal escaping: `"` and
// `\`, control characters as \b, \f, \n, \r, \t or \u00xx. Everything else is written as
// is — the same text nlohmann::json's dump() writes for valid UTF-8.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace inlet
