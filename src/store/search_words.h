// The words of a preview search query, as both backends read it: spaces and every
// control character separate words (FTS5 reads its query as a C string, so a NUL must
// never reach it inside a word; no other control character can be part of an indexed
// word); everything else is part of a word, taken literally.
#pragma once

#include <string_view>
#include <vector>

namespace inlet::store {

inline bool IsSearchSeparator(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7f;
}

inline std::vector<std::string_view> QueryWords(std::string_view query) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < query.size()) {
    while (pos < query.size() && IsSearchSeparator(query[pos])) ++pos;
    if (pos == query.size()) break;
    size_t end = pos;
    while (end < query.size() && !IsSearchSeparator(query[end])) ++end;
    words.push_back(query.substr(pos, end - pos));
    pos = end;
  }
  return words;
}

}  // namespace inlet::store
