// Cuts a stream of JSON text into records for `inlet post`, without parsing them: the
// server validates and repairs; the client only has to find where each record starts and
// ends, at the speed the file is read.
//
// The shape is detected from the content:
// - a JSON array (first byte `[`): each element is a record;
// - NDJSON (first byte `{` and the first value ends on its first line): each non-blank
//   line is a record, passed on exactly as it is, so a line that is not valid JSON is
//   rejected by the server alone, with the others stored;
// - JSON values one after another (first byte `{`, the first value spanning lines, as
//   pretty-printed objects): each value is a record.
// An array's elements and the values are passed on with their line breaks made spaces, so
// that each record is one line of the NDJSON that is sent. A line break inside a string
// is not valid JSON and would split the record in two: such a record is reported as
// `broken`, not sent. A UTF-8 byte order mark at the start is skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "inlet/common/status.h"

namespace inlet::cli {

// The longest record the framer holds while it looks for the record's end; anything longer
// is an error (a file whose brackets never close would otherwise be read into memory).
inline constexpr size_t kMaxRecordBytes = 64u << 20;

enum class InputShape { kUndecided, kJsonArray, kNdjson, kJsonValues };

struct FramedRecord {
  std::string_view text;  // one line: no line break outside strings
  uint64_t line = 0;      // 1-based line of the input where the record starts
  // Not sent: why the framer knows it is not valid JSON ("" when it may be).
  std::string_view broken;
};

using RecordSink = std::function<void(const FramedRecord&)>;

class RecordFramer {
 public:
  // Feeds the next bytes; every record they complete goes to `sink` before this returns.
  // The text of a record is valid only during the call. Errors (kInvalidArgument
  // "invalid-input") say what was expected and at which line; after one, the framer stops.
  Status Feed(std::string_view bytes, const RecordSink& sink);
  // The end of the input: the last record (NDJSON without a final line break), or an
  // error when the input ends inside a record or an array.
  Status Finish(const RecordSink& sink);

  InputShape shape() const { return shape_; }

 private:
  Status Scan(const RecordSink& sink, bool at_end);
  Status Decide(bool at_end);
  Status ScanNdjson(const RecordSink& sink, bool at_end);
  Status ScanValues(const RecordSink& sink);
  Status ScanBetweenValues();
  Status EmitValue(const RecordSink& sink, size_t end);
  Status Error(const std::string& message) const;

  InputShape shape_ = InputShape::kUndecided;
  std::string buffer_;  // bytes not yet passed on; records are cut from its front
  size_t scan_ = 0;     // how far into buffer_ the current record has been scanned
  uint64_t line_ = 1;   // the line of buffer_[scan_]
  bool bom_checked_ = false;
  // A value (array element or top-level value) being scanned.
  bool in_value_ = false;
  size_t value_start_ = 0;
  uint64_t value_line_ = 1;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  bool newline_in_string_ = false;
  // The array's state between elements.
  bool after_open_bracket_ = true;
  bool array_closed_ = false;
  bool expect_element_ = true;  // after `[` or `,`
  bool failed_ = false;
};

}  // namespace inlet::cli
