// What the store keeps of an endpoint's log (SPEC §2.4).
//
// Part of the Store (store.h): every method is safe to call from many threads at once, and
// failures are Status values as store.h describes. Nothing here names SQL or an engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/issue.h"
#include "inlet/common/log_row.h"
#include "inlet/common/status.h"

namespace inlet::store {

// A log row as kept: which receipt (if any) it belongs to, and when it was written.
struct StoredLogRow {
  int64_t seq = 0;         // the list cursor: newer rows have larger seqs
  std::string receipt_id;  // "" when the row belongs to no receipt
  int64_t created_at_ms = 0;
  LogRow row;
};

struct LogQuery {
  int64_t endpoint_key = 0;
  std::optional<IssueLevel> level;
  std::optional<IssueDomain> domain;
  std::optional<std::string> receipt_id;
  std::optional<int64_t> before_seq;
  int limit = 100;
};

// An endpoint's log (SPEC §2.4). Rows are written with the receipt that produced them
// (RecordStore::Append) or by a processing slice (GoldenWriter::AddLog).
class LogStore {
 public:
  virtual ~LogStore() = default;

  virtual Result<std::vector<StoredLogRow>> ListLogs(const LogQuery& query) = 0;
  virtual Status PurgeLogs(int64_t endpoint_key) = 0;
};

}  // namespace inlet::store
