// Validation and repair of one ingestion body (SPEC §2.3): from the decoded bytes to the
// records to store, with every error and repair reported. Pure: no HTTP, no SQLite.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/common/accepted_record.h"
#include "inlet/ingest/issue_collector.h"

namespace inlet::ingest {

struct Limits {
  int64_t max_records = 100000;
  int max_columns = 490;  // after flattening
  int max_name_length = 250;
  int max_depth = 64;
};

// The body shape is chosen by content type only: NDJSON is never sniffed.
enum class BodyFormat { kJson, kNdjson };

// When a request-level error other than no-valid-records fails the request, received and
// rejected are 0 and only that error (and bom-removed) is reported; for no-valid-records
// they count every record, and each record's errors follow the request error.
struct Outcome {
  int64_t received = 0;  // records in the body, accepted or not
  int64_t rejected = 0;
  std::vector<AcceptedRecord> accepted;  // in row order; empty when the request failed
  bool request_failed = false;           // a request-level error (400): store no record
  bool empty_batch = false;              // `[]`, `{"records":[]}` or an empty body
};

// Parses, validates and repairs `body` (already decoded from any Content-Encoding).
// Reports to `issues`: request-level errors (invalid-json, invalid-array-json-sent,
// nesting-too-deep, too-many-records, no-valid-records), record-level errors and the
// warnings of every repair, with rowIndex, property, repaired, path, original, line,
// column and offset where they apply. Never throws on any input.
Outcome ProcessBody(std::string_view body, BodyFormat format, const Limits& limits,
                    IssueCollector& issues);

}  // namespace inlet::ingest
