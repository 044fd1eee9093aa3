#include "inlet/ingest/issue_collector.h"

namespace inlet::ingest {

void IssueCollector::Add(Issue issue) {
  LogKey key{issue.message_id, static_cast<int>(issue.level), issue.property.value_or(""),
             issue.property.has_value()};
  auto [it, inserted] = log_index_.try_emplace(key, log_.size());
  if (inserted) {
    log_.push_back(
        {issue.message_id, issue.level, issue.domain, issue.property, issue.message, 0, {}});
  }
  LogRow& row = log_[it->second];
  ++row.count;
  if (row.first_row_indexes.size() < kMaxRowIndexesPerLogRow) {
    row.first_row_indexes.push_back(issue.row_index);
  }

  bool is_error = issue.level == IssueLevel::kError;
  auto& list = is_error ? errors_ : warnings_;
  if (list.size() < max_listed_) {
    list.push_back(std::move(issue));
  } else {
    ++(is_error ? errors_omitted_ : warnings_omitted_);
  }
}

void IssueCollector::Merge(IssueCollector&& other) {
  for (LogRow& row : other.log_) {
    LogKey key{row.message_id, static_cast<int>(row.level), row.property.value_or(""),
               row.property.has_value()};
    auto [it, inserted] = log_index_.try_emplace(key, log_.size());
    if (inserted) {
      log_.push_back(std::move(row));
      continue;
    }
    LogRow& mine = log_[it->second];
    mine.count += row.count;
    for (int64_t index : row.first_row_indexes) {
      if (mine.first_row_indexes.size() >= kMaxRowIndexesPerLogRow) break;
      mine.first_row_indexes.push_back(index);
    }
  }
  auto append = [this](std::vector<Issue>& from, std::vector<Issue>& to, int64_t& omitted,
                       int64_t from_omitted) {
    for (Issue& issue : from) {
      if (to.size() < max_listed_) {
        to.push_back(std::move(issue));
      } else {
        ++omitted;
      }
    }
    omitted += from_omitted;
  };
  append(other.errors_, errors_, errors_omitted_, other.errors_omitted_);
  append(other.warnings_, warnings_, warnings_omitted_, other.warnings_omitted_);
  other = IssueCollector(other.max_listed_);
}

std::vector<LogRow> IssueCollector::LogRows() const { return log_; }

}  // namespace inlet::ingest
