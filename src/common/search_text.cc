#include "inlet/common/search_text.h"

#include <algorithm>

#include "inlet/common/json_fields.h"
#include "inlet/common/utf8.h"

namespace inlet {
namespace {

// Latin letters with a diacritic (and their capitals) to the ASCII letter without it, as
// FTS5's unicode61 tokenizer with remove_diacritics folds them; 0 for any other code
// point (ligatures such as æ and ß, symbols such as ×, other scripts), kept as sent.
char FoldLatin(char32_t c) {
  // '.' marks a code point kept as it is.
  static constexpr std::string_view kLatin1 =  // U+00C0..U+00FF
      "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y";
  static constexpr std::string_view kExtendedA =  // U+0100..U+017F
      "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.llllllllllnnnnnnn..oooooo.."
      "rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
  char folded = '.';
  if (c >= 0xC0 && c <= 0xFF) folded = kLatin1[c - 0xC0];
  if (c >= 0x100 && c <= 0x17F) folded = kExtendedA[c - 0x100];
  return folded == '.' ? 0 : folded;
}

bool Separates(unsigned char byte) {
  return byte < 0x80 && !((byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                          (byte >= 'A' && byte <= 'Z'));
}

}  // namespace

std::string SearchableText(std::string_view record_json) {
  std::string text;
  ForEachTopLevelMember(record_json, [&](std::string_view, std::string_view value) {
    if (value == "null" || value == "true" || value == "false") return;
    if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
    text.append(value);
    text.push_back(' ');
  });
  return text;
}

std::vector<std::string> SearchWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (*p < 0x80) {
      if (Separates(*p)) {
        end_word();
      } else {
        word.push_back(static_cast<char>(*p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p));
      }
      ++p;
      continue;
    }
    const Utf8Step step = DecodeUtf8(p, end);
    if (const char folded = step.valid ? FoldLatin(step.code_point) : 0; folded != 0) {
      word.push_back(folded);
    } else {
      word.append(reinterpret_cast<const char*>(p), static_cast<size_t>(step.length));
    }
    p += step.length;
  }
  end_word();
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace inlet
