#include "ingest/body_reader.h"

#include <algorithm>
#include <cstring>

namespace inlet::ingest {
namespace {

void SetLocation(std::string_view body, size_t offset, Issue& issue) {
  const Location where = LocationOf(body, offset);
  issue.line = where.line;
  issue.column = where.column;
  issue.offset = static_cast<int64_t>(offset);
}

std::string Where(const Issue& issue) {
  return "line " + std::to_string(issue.line.value_or(0)) + ", column " +
         std::to_string(issue.column.value_or(0)) + " (byte offset " +
         std::to_string(issue.offset.value_or(0)) + ")";
}

const char* TopLevelKind(char c) {
  if (c == '"') return "a string";
  if (c == 'n') return "null";
  if (c == 't' || c == 'f') return "a boolean";
  return "a number";
}

}  // namespace

Location LocationOf(std::string_view body, size_t offset) {
  offset = std::min(offset, body.size());
  const std::string_view before = body.substr(0, offset);
  Location where;
  where.line = 1 + std::count(before.begin(), before.end(), '\n');
  const size_t last_newline = before.rfind('\n');
  const size_t line_start = last_newline == std::string_view::npos ? 0 : last_newline + 1;
  where.column = static_cast<int64_t>(offset - line_start) + 1;
  return where;
}

Issue RequestIssue(IssueLevel level, std::string message_id, std::string message) {
  Issue issue;
  issue.level = level;
  issue.domain = IssueDomain::kRequest;
  issue.row_index = -1;
  issue.message_id = std::move(message_id);
  issue.message = std::move(message);
  return issue;
}

BodyReader::BodyReader(std::string_view body, size_t start, const Limits& limits,
                       IssueCollector* pending, Outcome* outcome)
    : body_(body),
      start_(start),
      limits_(limits),
      pending_(pending),
      outcome_(outcome),
      reader_(body, limits.max_depth),
      repairer_(limits) {
  tree_.SetBody(body);
}

bool BodyReader::Fail(const ReadError& read_error, Issue* error) {
  if (read_error.kind == ReadError::Kind::kTooDeep) {
    *error = RequestIssue(IssueLevel::kError, "nesting-too-deep", "");
    SetLocation(body_, read_error.offset, *error);
    error->message = "Arrays and objects are nested deeper than the limit of " +
                     std::to_string(limits_.max_depth) + " levels at " + Where(*error) +
                     ". Nothing was stored.";
    return false;
  }
  *error = RequestIssue(IssueLevel::kError, "invalid-json", "");
  SetLocation(body_, read_error.offset, *error);
  error->message = "The body is not valid JSON at " + Where(*error) + ": " + read_error.message +
                   ". Nothing was stored.";
  return false;
}

bool BodyReader::TooManyRecords(size_t offset, Issue* error) {
  *error = RequestIssue(IssueLevel::kError, "too-many-records",
                        "The body holds more than " + std::to_string(limits_.max_records) +
                            " records; send at most that many per request. Nothing was stored.");
  SetLocation(body_, offset, *error);
  return false;
}

bool BodyReader::ExpectEnd(size_t pos, Issue* error) {
  pos = reader_.SkipSpace(pos, body_.size());
  if (pos >= body_.size()) return true;
  return Fail({ReadError::Kind::kSyntax, pos, "unexpected content after the end of the JSON value"},
              error);
}

void BodyReader::Store(int64_t row_index, size_t source_size) {
  ++outcome_->received;
  std::string json;
  json.reserve(source_size + 8);
  if (repairer_.Repair(tree_, row_index, *pending_, &json)) {
    outcome_->accepted.push_back({row_index, std::move(json)});
  } else {
    ++outcome_->rejected;
  }
}

bool BodyReader::ReadRecordArray(size_t* pos, int array_depth, Issue* error) {
  const size_t end = body_.size();
  if (array_depth > limits_.max_depth) {
    return Fail({ReadError::Kind::kTooDeep, *pos, ""}, error);
  }
  size_t p = reader_.SkipSpace(*pos + 1, end);
  if (p < end && body_[p] == ']') {
    *pos = p + 1;
    return true;
  }
  for (;;) {
    p = reader_.SkipSpace(p, end);
    const size_t begin = p;
    tree_.Clear();
    if (!reader_.ReadValue(&p, end, array_depth, tree_)) return Fail(reader_.error(), error);
    if (outcome_->received >= limits_.max_records) return TooManyRecords(begin, error);
    Store(outcome_->received, p - begin);
    p = reader_.SkipSpace(p, end);
    if (p < end && body_[p] == ',') {
      ++p;
      continue;
    }
    if (p < end && body_[p] == ']') {
      *pos = p + 1;
      return true;
    }
    return Fail({ReadError::Kind::kSyntax, p, "expected ',' or ']' after a record"}, error);
  }
}

bool BodyReader::ReadSingleObject(size_t pos, Issue* error) {
  tree_.Clear();
  size_t p = pos;
  if (!reader_.ReadValue(&p, body_.size(), 0, tree_)) return Fail(reader_.error(), error);
  if (!ExpectEnd(p, error)) return false;
  pending_->Add(RequestIssue(IssueLevel::kWarning, "single-object-body",
                             "The body is one JSON object, not an array; it was taken as one "
                             "record. Send an array of objects to send several."));
  Store(0, p - pos);
  return true;
}

bool BodyReader::IsRecordsWrapper(size_t pos, size_t* array_pos) {
  const size_t end = body_.size();
  if (limits_.max_depth < 2) return false;  // let the general path report the depth
  size_t p = reader_.SkipSpace(pos + 1, end);
  if (p >= end || body_[p] != '"') return false;
  tree_.Clear();
  TextRef key;
  uint8_t flags = 0;
  if (!reader_.ReadString(&p, end, tree_, &key, &flags)) return false;
  const bool is_records = tree_.Text(key) == "records";
  tree_.Clear();
  if (!is_records) return false;
  p = reader_.SkipSpace(p, end);
  if (p >= end || body_[p] != ':') return false;
  p = reader_.SkipSpace(p + 1, end);
  if (p >= end || body_[p] != '[') return false;
  *array_pos = p;
  return true;
}

bool BodyReader::ReadJson(Issue* error) {
  const size_t end = body_.size();
  size_t pos = reader_.SkipSpace(start_, end);
  if (pos >= end) return true;  // empty: the caller answers with an empty batch
  const char first = body_[pos];
  if (first == '[') {
    return ReadRecordArray(&pos, 1, error) && ExpectEnd(pos, error);
  }
  if (first == '{') {
    size_t array_pos = 0;
    if (IsRecordsWrapper(pos, &array_pos)) {
      // Tentatively `{"records":[...]}`: the records are read as they come. If another
      // member follows the array, the body is one object after all, and is read again.
      if (!ReadRecordArray(&array_pos, 2, error)) return false;
      const size_t p = reader_.SkipSpace(array_pos, end);
      if (p < end && body_[p] == '}') return ExpectEnd(p + 1, error);
      if (p >= end || body_[p] != ',') {
        return Fail({ReadError::Kind::kSyntax, p, "expected ',' or '}' after an object member"},
                    error);
      }
      *outcome_ = Outcome{};
      *pending_ = IssueCollector(pending_->max_listed());
    }
    return ReadSingleObject(pos, error);
  }
  // A scalar, or not JSON at all: invalid JSON wins over the wrong shape.
  tree_.Clear();
  size_t p = pos;
  if (!reader_.ReadValue(&p, end, 0, tree_)) return Fail(reader_.error(), error);
  if (!ExpectEnd(p, error)) return false;
  *error = RequestIssue(IssueLevel::kError, "invalid-array-json-sent",
                        std::string("The body is ") + TopLevelKind(first) +
                            "; send a JSON array of objects, one object, or NDJSON. Nothing "
                            "was stored.");
  return false;
}

bool BodyReader::ReadNdjson(Issue* error) {
  const size_t end = body_.size();
  size_t line_start = 0;  // the BOM, if any, belongs to line 1
  size_t pos = start_;
  int64_t line = 1;
  while (pos < end) {
    const void* newline = std::memchr(body_.data() + pos, '\n', end - pos);
    const size_t line_end =
        newline == nullptr ? end
                           : static_cast<size_t>(static_cast<const char*>(newline) - body_.data());
    const size_t begin = reader_.SkipSpace(pos, line_end);
    if (begin < line_end) {  // not a blank line: a record
      tree_.Clear();
      size_t p = begin;
      bool ok = reader_.ReadValue(&p, line_end, 0, tree_);
      if (!ok && reader_.error().kind == ReadError::Kind::kTooDeep) {
        return Fail(reader_.error(), error);
      }
      ReadError bad = reader_.error();
      if (ok) {
        const size_t rest = reader_.SkipSpace(p, line_end);
        if (rest < line_end) {
          ok = false;
          bad = {ReadError::Kind::kSyntax, rest, "unexpected content after the record"};
        }
      }
      if (outcome_->received >= limits_.max_records) return TooManyRecords(begin, error);
      if (ok) {
        Store(outcome_->received, p - begin);
      } else {
        Issue issue;
        issue.message_id = "invalid-json";
        issue.level = IssueLevel::kError;
        issue.domain = IssueDomain::kParsing;
        issue.row_index = outcome_->received;
        issue.line = line;
        issue.column = static_cast<int64_t>(bad.offset - line_start) + 1;
        issue.offset = static_cast<int64_t>(bad.offset);
        issue.message = "Line " + std::to_string(line) + " is not valid JSON at column " +
                        std::to_string(*issue.column) + ": " + bad.message +
                        ". The record was not stored.";
        pending_->Add(std::move(issue));
        ++outcome_->received;
        ++outcome_->rejected;
      }
    }
    pos = line_end + 1;
    line_start = pos;
    ++line;
  }
  return true;
}

}  // namespace inlet::ingest
