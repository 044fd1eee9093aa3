#include "inlet/cli/record_framer.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace inlet::cli {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kBrokenString =
    "a string holds a raw line break, which JSON does not allow (write it as \\n)";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsBlank(std::string_view line) { return std::all_of(line.begin(), line.end(), IsSpace); }

std::string Shown(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02x", static_cast<unsigned char>(c));
    return text;
  }
  return std::string("'") + c + "'";
}

// True when the JSON value that starts at text[0] ends within `text` (one line).
bool ValueEndsWithin(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

Status RecordFramer::Error(const std::string& message) const {
  return Status::InvalidArgument("invalid-input", "line " + std::to_string(line_) + ": " + message);
}

Status RecordFramer::Feed(std::string_view bytes, const RecordSink& sink) {
  if (failed_) return Error("the input was already found unreadable");
  buffer_.append(bytes);
  Status status = Scan(sink, false);
  if (!status.ok()) {
    failed_ = true;
    return status;
  }
  // Drop what has been passed on; keep the record being scanned.
  size_t keep_from = in_value_ ? value_start_ : scan_;
  if (shape_ == InputShape::kNdjson) keep_from = scan_;
  buffer_.erase(0, keep_from);
  scan_ -= keep_from;
  if (in_value_) value_start_ -= keep_from;
  return Status::Ok();
}

Status RecordFramer::Finish(const RecordSink& sink) {
  if (failed_) return Error("the input was already found unreadable");
  failed_ = true;  // nothing may follow the end
  INLET_RETURN_IF_ERROR(Scan(sink, true));
  if (in_value_) {
    return Status::InvalidArgument(
        "invalid-input",
        "the input ends inside the record that starts on line " + std::to_string(value_line_));
  }
  if (shape_ == InputShape::kJsonArray && !array_closed_) {
    return Error("the input ends before the array's closing ]");
  }
  return Status::Ok();
}

Status RecordFramer::Scan(const RecordSink& sink, bool at_end) {
  if (shape_ == InputShape::kUndecided) {
    INLET_RETURN_IF_ERROR(Decide(at_end));
    if (shape_ == InputShape::kUndecided) return Status::Ok();
  }
  if (shape_ == InputShape::kNdjson) return ScanNdjson(sink, at_end);
  return ScanValues(sink);
}

Status RecordFramer::Decide(bool at_end) {
  if (!bom_checked_) {
    if (buffer_.size() < kBom.size() && !at_end && kBom.starts_with(buffer_)) return Status::Ok();
    bom_checked_ = true;
    if (std::string_view(buffer_).starts_with(kBom)) scan_ = kBom.size();
  }
  while (scan_ < buffer_.size() && IsSpace(buffer_[scan_])) {
    if (buffer_[scan_] == '\n') ++line_;
    ++scan_;
  }
  if (scan_ == buffer_.size()) return Status::Ok();  // nothing but white space yet
  const char first = buffer_[scan_];
  if (first == '[') {
    shape_ = InputShape::kJsonArray;
    ++scan_;
    return Status::Ok();
  }
  if (first != '{') {
    return Error(
        "expected a JSON array ([…]) or objects ({…}), one per line or one after "
        "another; found " +
        Shown(first));
  }
  size_t newline = buffer_.find('\n', scan_);
  if (newline == std::string::npos && !at_end && buffer_.size() - scan_ <= kMaxRecordBytes) {
    return Status::Ok();  // the first line is not complete yet
  }
  std::string_view first_line(buffer_.data() + scan_,
                              (newline == std::string::npos ? buffer_.size() : newline) - scan_);
  shape_ = ValueEndsWithin(first_line) || newline == std::string::npos ? InputShape::kNdjson
                                                                       : InputShape::kJsonValues;
  // NDJSON is cut at line starts: the record of the first line starts at scan_.
  if (shape_ == InputShape::kNdjson) {
    buffer_.erase(0, scan_);
    scan_ = 0;
  }
  return Status::Ok();
}

Status RecordFramer::ScanNdjson(const RecordSink& sink, bool at_end) {
  while (scan_ < buffer_.size()) {
    const char* start = buffer_.data() + scan_;
    const size_t left = buffer_.size() - scan_;
    const void* found = std::memchr(start, '\n', left);
    if (!found && !at_end) {
      if (left > kMaxRecordBytes) {
        return Error("a line is longer than " + std::to_string(kMaxRecordBytes) + " bytes");
      }
      return Status::Ok();
    }
    size_t length = found ? static_cast<const char*>(found) - start : left;
    std::string_view line(start, length);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.size() > kMaxRecordBytes) {
      return Error("a line is longer than " + std::to_string(kMaxRecordBytes) + " bytes");
    }
    if (!IsBlank(line)) sink(FramedRecord{line, line_, ""});
    scan_ += found ? length + 1 : length;
    ++line_;
  }
  return Status::Ok();
}

// Between an array's elements, or between top-level values: finds where the next value
// starts (in_value_ set) or that there is none yet.
Status RecordFramer::ScanBetweenValues() {
  while (scan_ < buffer_.size()) {
    const char c = buffer_[scan_];
    if (IsSpace(c)) {
      if (c == '\n') ++line_;
      ++scan_;
      continue;
    }
    if (shape_ == InputShape::kJsonArray) {
      if (array_closed_) return Error("found " + Shown(c) + " after the array's closing ]");
      if (c == ']') {
        if (expect_element_ && !after_open_bracket_) return Error("a comma before ]");
        array_closed_ = true;
        ++scan_;
        continue;
      }
      if (c == ',') {
        if (expect_element_)
          return Error("an empty array element (a comma with nothing before it)");
        expect_element_ = true;
        after_open_bracket_ = false;
        ++scan_;
        continue;
      }
      if (!expect_element_) {
        return Error("expected , or ] between array elements; found " + Shown(c));
      }
      if (c == '}') return Error("found '}' where an array element should start");
      expect_element_ = false;
      after_open_bracket_ = false;
    } else if (c != '{' && c != '[') {
      return Error("expected { to start the next record; found " + Shown(c));
    }
    in_value_ = true;
    value_start_ = scan_;
    value_line_ = line_;
    depth_ = 0;
    in_string_ = false;
    escaped_ = false;
    newline_in_string_ = false;
    return Status::Ok();
  }
  return Status::Ok();
}

Status RecordFramer::ScanValues(const RecordSink& sink) {
  while (true) {
    if (!in_value_) {
      INLET_RETURN_IF_ERROR(ScanBetweenValues());
      if (!in_value_) return Status::Ok();
    }
    const bool container = buffer_[value_start_] == '{' || buffer_[value_start_] == '[';
    size_t end = std::string::npos;
    const size_t size = buffer_.size();
    size_t i = scan_;
    for (; i < size; ++i) {
      const char c = buffer_[i];
      if (in_string_) {
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == '"') {
          in_string_ = false;
          if (!container) {
            end = i + 1;
            break;
          }
        } else if (c == '\n') {
          newline_in_string_ = true;
          ++line_;
        }
        continue;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        if (!container) {
          end = i;  // a scalar element followed by the array's end
          break;
        }
        if (--depth_ == 0) {
          end = i + 1;
          break;
        }
      } else if (!container && (c == ',' || IsSpace(c))) {
        end = i;
        break;
      } else if (c == '\n') {
        ++line_;
      }
    }
    if (end == std::string::npos) {
      scan_ = i;
      if (scan_ - value_start_ > kMaxRecordBytes) {
        return Status::InvalidArgument(
            "invalid-input", "the record that starts on line " + std::to_string(value_line_) +
                                 " is longer than " + std::to_string(kMaxRecordBytes) + " bytes");
      }
      return Status::Ok();  // Finish reports a record the input ends inside
    }
    scan_ = end;
    INLET_RETURN_IF_ERROR(EmitValue(sink, end));
  }
}

Status RecordFramer::EmitValue(const RecordSink& sink, size_t end) {
  in_value_ = false;
  std::string_view text(buffer_.data() + value_start_, end - value_start_);
  if (text.size() > kMaxRecordBytes) {
    return Status::InvalidArgument(
        "invalid-input", "the record that starts on line " + std::to_string(value_line_) +
                             " is longer than " + std::to_string(kMaxRecordBytes) + " bytes");
  }
  std::string_view broken = newline_in_string_ ? kBrokenString : std::string_view();
  if (text.find_first_of("\r\n") == std::string_view::npos) {
    sink(FramedRecord{text, value_line_, broken});
    return Status::Ok();
  }
  // White space between tokens: the record stays the same JSON on one line.
  std::string one_line(text);
  std::replace_if(
      one_line.begin(), one_line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  sink(FramedRecord{one_line, value_line_, broken});
  return Status::Ok();
}

}  // namespace inlet::cli
