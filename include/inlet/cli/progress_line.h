// The progress bar `inlet post` redraws on a terminal: how much of the input is read,
// the records answered, the read rate and the time left.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace inlet::cli {

struct ProgressSnapshot {
  uint64_t records_answered = 0;
  uint64_t bytes_read = 0;
  std::optional<uint64_t> bytes_total;  // unknown for standard input
  double seconds = 0;
};

// E.g. " 45% [#########           ] 900000 records, 12.3 MB/s, ETA 0:25"; without a
// total, no percentage, bar or ETA.
std::string ProgressLine(const ProgressSnapshot& snapshot);

// "41.2 s" under a minute, "3:07" (minutes:seconds) or "1:02:03" beyond.
std::string Duration(double seconds);

}  // namespace inlet::cli
