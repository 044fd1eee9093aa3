// One row of an endpoint's log (SPEC §2.4): every issue of one kind that one request (or
// one processing slice) met, counted, with the first few rows it was seen in.
//
// Ingestion's IssueCollector and processing's ProcessingLog build these; the store keeps
// them as given and reads them back for GET .../logs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/issue.h"

namespace inlet {

// Row indexes kept per log row: enough to find examples, bounded however often it repeats.
inline constexpr size_t kMaxRowIndexesPerLogRow = 10;

struct LogRow {
  IssueLevel level = IssueLevel::kError;
  IssueDomain domain = IssueDomain::kRequest;
  std::string message_id;
  std::optional<std::string> property;  // as sent
  std::string message;                  // of the first occurrence
  int64_t count = 0;
  std::vector<int64_t> first_row_indexes;  // at most kMaxRowIndexesPerLogRow, in order seen
};

}  // namespace inlet
