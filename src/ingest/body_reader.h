// The body shapes of SPEC §2 — an array of records, `{"records":[...]}`, one object, or
// NDJSON — read record by record: each record is parsed into a small tree, repaired,
// written out as canonical JSON, and its tree dropped before the next one is read. So
// memory is the body, the stored records and one record's tree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/json_reader.h"
#include "ingest/record_repair.h"
#include "ingest/record_tree.h"
#include "inlet/ingest/ingest.h"
#include "inlet/ingest/issue_collector.h"

namespace inlet::ingest {

class BodyReader {
 public:
  // Reads `body` from `start` (past a BOM). Record issues go to `*pending`, records and
  // counts to `*outcome`; both must outlive the reader.
  BodyReader(std::string_view body, size_t start, const Limits& limits, IssueCollector* pending,
             Outcome* outcome);

  // Each returns false on a request-level error, described in `*error`; what was
  // collected until then must be thrown away by the caller.
  bool ReadJson(Issue* error);
  bool ReadNdjson(Issue* error);

 private:
  bool ReadRecordArray(size_t* pos, int array_depth, Issue* error);
  bool ReadSingleObject(size_t pos, Issue* error);
  bool IsRecordsWrapper(size_t pos, size_t* array_pos);
  bool ExpectEnd(size_t pos, Issue* error);
  bool Fail(const ReadError& read_error, Issue* error);
  bool TooManyRecords(size_t offset, Issue* error);
  void Store(int64_t row_index, size_t source_size);

  std::string_view body_;
  size_t start_;
  Limits limits_;
  IssueCollector* pending_;
  Outcome* outcome_;
  JsonReader reader_;
  RecordTree tree_;
  RecordRepairer repairer_;
};

// 1-based line and column (in bytes) of a body offset: lines end at LF.
struct Location {
  int64_t line = 1;
  int64_t column = 1;
};
Location LocationOf(std::string_view body, size_t offset);

// Request-level issue (domain `request`, rowIndex -1).
Issue RequestIssue(IssueLevel level, std::string message_id, std::string message);

}  // namespace inlet::ingest
