// Text helpers: the readable forms of names and values that issues carry (which must
// themselves be valid UTF-8, since the http layer writes them into a JSON response).
// Stored records are written with inlet::AppendJsonString (common/json_text.h).
#pragma once

#include <string>
#include <string_view>

namespace inlet::ingest {

// Decodes the source bytes of a JSON string (between its quotes, syntax already checked)
// into the characters the client sent: escapes resolved, ill-formed UTF-8 and lone
// surrogates shown as U+FFFD, every other character kept. Used for `property` and `path`.
std::string DisplayText(std::string_view raw);

// The source bytes of a string value as they were sent (escapes left as written), with
// each byte of ill-formed UTF-8 written as `\xNN`. Used for `original`.
std::string OriginalText(std::string_view raw);

// Appends one JSON Pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
void AppendPointerToken(std::string& out, std::string_view token);

}  // namespace inlet::ingest
