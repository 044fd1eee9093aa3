// The one table the benchmark prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace inlet::bench {

struct Row {
  std::string scenario;
  bool available = true;      // false: the server does not offer what the row needs
  double records_per_s = -1;  // < 0: not measured for this row
  double requests_per_s = -1;
  double p50_ms = -1;
  double p99_ms = -1;
  double peak_rss_mib = -1;
  double ratio_to_b = -1;
  std::string target;
  std::optional<bool> met;  // nullopt: no target, or not judged (smoke mode)
  std::string note;         // counts and measured quantities behind the verdict
};

class Report {
 public:
  // Returns the row's index, for completing it later.
  size_t Add(Row row) {
    rows_.push_back(std::move(row));
    return rows_.size() - 1;
  }
  Row& At(size_t index) { return rows_[index]; }
  // Rows sorted by scenario ("(a)", "(b)", then 1 to 10), whatever order they ran in.
  // `judged` false prints targets without a verdict (smoke mode, sanitizer builds).
  void Print(bool judged) const;

 private:
  std::vector<Row> rows_;
};

}  // namespace inlet::bench
