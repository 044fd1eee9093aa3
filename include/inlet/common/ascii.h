// ASCII text helpers for protocol words (header names, media types, schemes, charsets),
// where case rules must be ASCII's and never the locale's.
#pragma once

#include <string>
#include <string_view>

namespace inlet {

std::string AsciiLower(std::string_view text);

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

// Without leading and trailing spaces and tabs (HTTP's optional white space).
std::string_view TrimSpacesAndTabs(std::string_view text);

}  // namespace inlet
