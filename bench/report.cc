#include "report.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

namespace inlet::bench {
namespace {

std::string Fixed(double value, const char* format) {
  if (value < 0) return "–";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// Thousands separated by commas: rates are read at a glance, and compared with targets
// written that way in the issue.
std::string Grouped(double value) {
  if (value < 0) return "–";
  if (value < 10) return Fixed(value, "%.2f");
  std::string digits = std::to_string(static_cast<long long>(value + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Rows by their scenario's number ("(a)" and "(b)" first, then 1, 2, … 10), then by the
// rest of the name ("5a" before "5b").
bool ScenarioBefore(const std::string& a, const std::string& b) {
  auto number = [](const std::string& name) {
    size_t digits = 0;
    while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
    return std::make_pair(digits == 0 ? -1L : std::stol(name.substr(0, digits)), digits);
  };
  const auto [number_a, digits_a] = number(a);
  const auto [number_b, digits_b] = number(b);
  if (number_a != number_b) return number_a < number_b;
  return a.substr(digits_a) < b.substr(digits_b);
}

}  // namespace

void Report::Print(bool judged) const {
  std::vector<Row> sorted = rows_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Row& a, const Row& b) {
    return ScenarioBefore(a.scenario, b.scenario);
  });
  std::printf(
      "\n| scenario | records/s | requests/s | p50 ms | p99 ms | peak RSS MiB | ratio to (b) | "
      "target | result |\n|---|--:|--:|--:|--:|--:|--:|---|---|\n");
  for (const Row& row : sorted) {
    if (!row.available) {
      std::printf("| %s | not available | | | | | | %s | not available |\n", row.scenario.c_str(),
                  row.target.c_str());
      continue;
    }
    const char* result = "–";
    if (!row.target.empty()) {
      result = !judged ? "not judged" : !row.met ? "–" : *row.met ? "met" : "NOT MET";
    }
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", row.scenario.c_str(),
                Grouped(row.records_per_s).c_str(), Grouped(row.requests_per_s).c_str(),
                Fixed(row.p50_ms, "%.1f").c_str(), Fixed(row.p99_ms, "%.1f").c_str(),
                Fixed(row.peak_rss_mib, "%.0f").c_str(), Fixed(row.ratio_to_b, "%.2f").c_str(),
                row.target.c_str(), result);
  }
  std::printf("\n");
  for (const Row& row : sorted) {
    if (!row.note.empty()) std::printf("- %s: %s\n", row.scenario.c_str(), row.note.c_str());
  }
  std::fflush(stdout);
}

}  // namespace inlet::bench
