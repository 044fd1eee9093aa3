// Wall-clock time as milliseconds since the Unix epoch, and its RFC 3339 text.
#pragma once

#include <cstdint>
#include <string>

namespace inlet {

int64_t NowUnixMillis();

// "2026-11-26T03:46:46.123Z": UTC, always with milliseconds.
std::string FormatRfc3339Millis(int64_t unix_millis);

}  // namespace inlet
