// Lists of words (scopes, endpoint ids: fixed words and UUIDs, never a space) kept in one
// text column as "a b c": unambiguous, and readable in a database shell.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace inlet::store {

inline std::string JoinWords(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) {
    if (!joined.empty()) joined += ' ';
    joined += word;
  }
  return joined;
}

inline std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

}  // namespace inlet::store
