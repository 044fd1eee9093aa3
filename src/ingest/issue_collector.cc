#include "inlet/ingest/issue_collector.h"

namespace inlet::ingest {

std::string_view IssueCollector::LogKey(IssueLevel level, std::string_view message_id,
                                        const std::optional<std::string>& property) const {
  key_buffer_.assign(message_id);
  key_buffer_.push_back('\0');
  key_buffer_.push_back(level == IssueLevel::kError ? 'e' : 'w');
  if (property) {
    key_buffer_.push_back('p');
    key_buffer_ += *property;
  }
  return key_buffer_;
}

size_t* IssueCollector::FindRow(std::string_view key) {
  auto it = log_index_.find(key);
  return it == log_index_.end() ? nullptr : &it->second;
}

void IssueCollector::Count(LogRow& row, int64_t row_index) {
  ++row.count;
  if (row.first_row_indexes.size() < kMaxRowIndexesPerLogRow) {
    row.first_row_indexes.push_back(row_index);
  }
}

bool IssueCollector::WouldKeep(IssueLevel level, std::string_view message_id,
                               const std::optional<std::string>& property) const {
  const auto& list = level == IssueLevel::kError ? errors_ : warnings_;
  if (list.size() < max_listed_) return true;
  return log_index_.find(LogKey(level, message_id, property)) == log_index_.end();
}

void IssueCollector::AddRepeat(IssueLevel level, std::string_view message_id,
                               const std::optional<std::string>& property, int64_t row_index) {
  size_t* index = FindRow(LogKey(level, message_id, property));
  if (index == nullptr) return;  // WouldKeep said otherwise: nothing to count against
  Count(log_[*index], row_index);
  ++(level == IssueLevel::kError ? errors_omitted_ : warnings_omitted_);
}

void IssueCollector::Add(Issue issue) {
  const std::string_view key = LogKey(issue.level, issue.message_id, issue.property);
  size_t* index = FindRow(key);
  if (index == nullptr) {
    index = &log_index_.emplace(std::string(key), log_.size()).first->second;
    log_.push_back({issue.message_id, issue.level, issue.domain, issue.property, issue.message,
                    0, {}});
  }
  Count(log_[*index], issue.row_index);

  const bool is_error = issue.level == IssueLevel::kError;
  auto& list = is_error ? errors_ : warnings_;
  if (list.size() < max_listed_) {
    list.push_back(std::move(issue));
  } else {
    ++(is_error ? errors_omitted_ : warnings_omitted_);
  }
}

void IssueCollector::Merge(IssueCollector&& other) {
  for (LogRow& row : other.log_) {
    const std::string_view key = LogKey(row.level, row.message_id, row.property);
    size_t* index = FindRow(key);
    if (index == nullptr) {
      log_index_.emplace(std::string(key), log_.size());
      log_.push_back(std::move(row));
      continue;
    }
    LogRow& mine = log_[*index];
    mine.count += row.count;
    for (int64_t row_index : row.first_row_indexes) {
      if (mine.first_row_indexes.size() >= kMaxRowIndexesPerLogRow) break;
      mine.first_row_indexes.push_back(row_index);
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
