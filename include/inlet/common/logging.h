// Process-wide logging setup. Everything logs through spdlog's default logger, but the
// request lines (LogRequest); this decides their level and shape (human text or one
// JSON object per line).
#pragma once

#include <string>
#include <string_view>

#include "inlet/common/status.h"

namespace inlet {

enum class LogFormat { kText, kJson };

// `level` is one of trace, debug, info, warn, error, critical, off.
Status ConfigureLogging(const std::string& level, LogFormat format);

// Writes the line of one finished request (SPEC §6) at info, in the shape of every other
// line. Request lines are written in batches, a few milliseconds late, so that a busy
// server does not make a system call per line; FlushRequestLog writes what is waiting
// (the server calls it when it stops). Before ConfigureLogging, goes to the default
// logger.
void LogRequest(std::string_view line);
void FlushRequestLog();

// Escapes `text` for inclusion inside a JSON string literal (log lines, not responses).
std::string JsonEscape(const std::string& text);

// What the text format writes for a message: bytes below 0x20 and 0x7f become \n, \r,
// \t or \xNN, so one message is one line whatever it quotes; everything else (UTF-8
// included) is kept as it is.
std::string EscapeControlCharacters(std::string_view text);

}  // namespace inlet
