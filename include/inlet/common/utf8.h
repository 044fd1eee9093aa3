// UTF-8 for every module: decoding one sequence, checking a text, and writing code points
// (text decoded from escapes). The character classes of SPEC §2.3 belong to ingest
// (ingest/utf8.h).
#pragma once

#include <string>
#include <string_view>

namespace inlet {

// One step of UTF-8 decoding.
struct Utf8Step {
  char32_t code_point = 0;  // valid only when `valid`
  int length = 1;           // bytes consumed, >= 1
  bool valid = false;
};

// Decodes the sequence at `p` (`p < end`). Well-formed means Unicode Table 3-7: no
// overlong forms, no surrogates (ED A0..BF), nothing above U+10FFFF. An ill-formed
// sequence consumes its maximal subpart (the longest prefix of a well-formed sequence,
// at least one byte), so each such run becomes exactly one U+FFFD — the practice of the
// Unicode standard and of WHATWG's decoder, which keeps repairs predictable.
Utf8Step DecodeUtf8(const unsigned char* p, const unsigned char* end);

// True when `text` is well-formed UTF-8 (DecodeUtf8's rule) without a NUL byte: text any
// database takes as it is.
bool IsCleanUtf8(std::string_view text);

// Appends `cp` (a Unicode scalar value: not a surrogate, at most U+10FFFF) as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace inlet
