// What a running process holds and has spent, read from /proc: the figures the hostile
// client tests report (memory growth, CPU) next to their pass/fail checks.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace inlet::testing {

struct ProcessStats {
  int64_t rss_kib = 0;   // resident now (VmRSS)
  int64_t peak_kib = 0;  // highest resident so far (VmHWM)
  int64_t cpu_ms = 0;    // user + system time so far
  int64_t open_files = 0;
};

ProcessStats ReadProcessStats(pid_t pid);

// Prints "[figure] <test>: <text>" to stdout and records it as a test property, so a
// run's figures can be read off its log.
void ReportFigure(const std::string& text);

}  // namespace inlet::testing
