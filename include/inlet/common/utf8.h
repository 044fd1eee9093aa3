// Writing code points as UTF-8, for every module that writes text it decoded from escapes.
// Decoding UTF-8 and the character classes of SPEC §2.3 belong to ingest (ingest/utf8.h).
#pragma once

#include <string>

namespace inlet {

// Appends `cp` (a Unicode scalar value: not a surrogate, at most U+10FFFF) as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

}  // namespace inlet
