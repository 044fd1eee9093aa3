// Process-wide logging setup. Everything logs through spdlog's default logger; this
// decides its level and its shape (human text or one JSON object per line).
#pragma once

#include <string>

#include "inlet/common/status.h"

namespace inlet {

enum class LogFormat { kText, kJson };

// `level` is one of trace, debug, info, warn, error, critical, off.
Status ConfigureLogging(const std::string& level, LogFormat format);

// Escapes `text` for inclusion inside a JSON string literal (log lines, not responses).
std::string JsonEscape(const std::string& text);

}  // namespace inlet
