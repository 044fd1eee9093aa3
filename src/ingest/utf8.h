// Character-class helpers for the ingest module: the character sets SPEC §2.3 talks about
// (the XML 1.0 set, Latin-script letters, white space). Decoding and encoding UTF-8 are
// common's (inlet/common/utf8.h).
#pragma once

#include <cstddef>
#include <string>

#include "inlet/common/utf8.h"

namespace inlet::ingest {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
inline bool IsXmlChar(char32_t c) {
  if (c < 0x20) return c == 0x9 || c == 0xA || c == 0xD;
  if (c < 0xD800) return true;
  if (c < 0xE000) return false;
  return c != 0xFFFE && c != 0xFFFF && c <= 0x10FFFF;
}

// Latin-script letters, by block: ASCII letters; Latin-1 Supplement letters (ª º and
// U+00C0–U+00FF but × ÷); Latin Extended-A and -B; IPA Extensions; Latin Extended
// Additional; Latin Extended-C, -D and -E; fullwidth Latin letters. Whole blocks are
// taken, so an unassigned code point inside one passes; combining marks (U+0300…) do not.
bool IsLatinLetter(char32_t c);

// Unicode White_Space: ASCII space, tab, LF, VT, FF, CR and U+0085, U+00A0, U+1680,
// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
bool IsUnicodeSpace(char32_t c);

}  // namespace inlet::ingest
