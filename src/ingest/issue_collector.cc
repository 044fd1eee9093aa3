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

LogRow& IssueCollector::RowFor(IssueLevel level, IssueDomain domain, std::string_view message_id,
                               const std::optional<std::string>& property,
                               std::string_view message) {
  size_t* index = FindRow(LogKey(level, message_id, property));
  std::optional<std::string> kept = property;
  if (index == nullptr && log_.size() >= kMaxLogRows && property) {
    kept.reset();  // no room for another row: count it without its property
    index = FindRow(LogKey(level, message_id, kept));
  }
  if (index == nullptr) {
    index = &log_index_.emplace(key_buffer_, log_.size()).first->second;
    log_.push_back({level, domain, std::string(message_id), kept, std::string(message), 0, {}});
  }
  return log_[*index];
}

void IssueCollector::Count(LogRow& row, int64_t count, const int64_t* row_indexes, size_t n) {
  row.count += count;
  for (size_t i = 0; i < n && row.first_row_indexes.size() < kMaxRowIndexesPerLogRow; ++i) {
    row.first_row_indexes.push_back(row_indexes[i]);
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
  Count(log_[*index], 1, &row_index, 1);
  ++(level == IssueLevel::kError ? errors_omitted_ : warnings_omitted_);
}

void IssueCollector::Add(Issue issue) {
  LogRow& row = RowFor(issue.level, issue.domain, issue.message_id, issue.property, issue.message);
  Count(row, 1, &issue.row_index, 1);
  const bool is_error = issue.level == IssueLevel::kError;
  auto& list = is_error ? errors_ : warnings_;
  if (list.size() < max_listed_) {
    list.push_back(std::move(issue));
  } else {
    ++(is_error ? errors_omitted_ : warnings_omitted_);
  }
}

void IssueCollector::Merge(IssueCollector&& other) {
  for (const LogRow& row : other.log_) {
    Count(RowFor(row.level, row.domain, row.message_id, row.property, row.message), row.count,
          row.first_row_indexes.data(), row.first_row_indexes.size());
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
