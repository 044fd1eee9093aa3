// Collects the issues of one request, in the leveldb `Reporter` sense: every repair and
// every error is reported, none is silent.
//
// It keeps two things apart:
//  - the lists a response shows: errors and warnings in report order, each capped at
//    `max_listed`, with the rest counted as omitted;
//  - the endpoint's log: one row per (messageId, property, level) with a count and the
//    first row indexes, so a 100,000-record batch with one bad key is one row.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "inlet/common/issue.h"
#include "inlet/common/log_row.h"

namespace inlet::ingest {

// Distinct log rows kept per request. Past it, an issue whose (messageId, level, property)
// has no row yet is counted in the row of (messageId, level) without a property, so a
// body made of millions of distinct bad names cannot grow the log without bound.
inline constexpr size_t kMaxLogRows = 10000;

class IssueCollector {
 public:
  explicit IssueCollector(size_t max_listed = 1000) : max_listed_(max_listed) {}

  void Add(Issue issue);

  // For big batches where one defect repeats: whether an issue with this key would still
  // be listed or start a new log row. When it would not, AddRepeat() counts it exactly as
  // Add() would, without the caller building its message, path or names.
  bool WouldKeep(IssueLevel level, std::string_view message_id,
                 const std::optional<std::string>& property) const;
  void AddRepeat(IssueLevel level, std::string_view message_id,
                 const std::optional<std::string>& property, int64_t row_index);

  // Appends everything `other` collected, as if each of its issues had been added here
  // after the ones already held: lists stay capped at this collector's `max_listed`,
  // omitted counts add up, and log rows with the same key merge (counts add, row indexes
  // fill up to kMaxRowIndexesPerLogRow). ProcessBody collects a body's record issues
  // apart and merges them only when the request does not fail.
  void Merge(IssueCollector&& other);

  size_t max_listed() const { return max_listed_; }

  const std::vector<Issue>& errors() const { return errors_; }
  const std::vector<Issue>& warnings() const { return warnings_; }
  int64_t errors_omitted() const { return errors_omitted_; }
  int64_t warnings_omitted() const { return warnings_omitted_; }
  int64_t error_count() const { return static_cast<int64_t>(errors_.size()) + errors_omitted_; }
  int64_t warning_count() const {
    return static_cast<int64_t>(warnings_.size()) + warnings_omitted_;
  }
  // In order of first occurrence.
  std::vector<LogRow> LogRows() const;

 private:
  size_t max_listed_;
  std::vector<Issue> errors_;
  std::vector<Issue> warnings_;
  int64_t errors_omitted_ = 0;
  int64_t warnings_omitted_ = 0;
  // The log row of (messageId, level, property or none), as one string; looked up by
  // string_view so that counting a repeat allocates nothing.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  std::string_view LogKey(IssueLevel level, std::string_view message_id,
                          const std::optional<std::string>& property) const;
  size_t* FindRow(std::string_view key);
  // The row of an issue: found, created, or (past kMaxLogRows) the property-less one.
  LogRow& RowFor(IssueLevel level, IssueDomain domain, std::string_view message_id,
                 const std::optional<std::string>& property, std::string_view message);
  static void Count(LogRow& row, int64_t count, const int64_t* row_indexes, size_t n);

  std::unordered_map<std::string, size_t, KeyHash, std::equal_to<>> log_index_;
  std::vector<LogRow> log_;
  mutable std::string key_buffer_;
};

}  // namespace inlet::ingest
