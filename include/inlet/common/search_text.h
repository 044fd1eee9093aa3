// What preview search reads of a record, and the words a search matches, for both
// store backends: SQLite's FTS5 index is given SearchableText and folds it itself; the
// PostgreSQL index keeps SearchWords of it, folded here the same way (lower case,
// accents of Latin letters removed, ASCII punctuation and control characters separating
// words). Other scripts keep their letters as sent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace inlet {

// The text of a record's values (not its field names: every record would match a search
// for a field name otherwise): strings unquoted, numbers and nested JSON as written,
// null and booleans left out.
std::string SearchableText(std::string_view record_json);

// The longest word the PostgreSQL index keeps, in bytes (its entries are bounded); a
// search for a longer word finds nothing there.
inline constexpr size_t kMaxSearchWordBytes = 255;

// The distinct folded words of `text`, sorted.
std::vector<std::string> SearchWords(std::string_view text);

}  // namespace inlet
