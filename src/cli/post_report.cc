// The words of `inlet post`: its exit code, summary, warnings and progress lines.
#include <cinttypes>
#include <cstdio>

#include "inlet/cli/post.h"
#include "inlet/cli/progress_line.h"

namespace inlet::cli {
namespace {

std::string Format(const char* format, auto... values) {
  char text[256];
  std::snprintf(text, sizeof text, format, values...);
  return text;
}

double MegabytesPerSecond(uint64_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0;
}

}  // namespace

int PostExitCode(const PostReport& report) {
  if (!report.failure.empty()) return 1;
  return report.rejected > 0 ? 2 : 0;
}

std::string SummaryLine(const PostReport& report, bool dry_run) {
  uint64_t warnings = report.warnings_not_listed;
  for (const auto& [id, count] : report.warnings) warnings += count;
  double rate = report.seconds > 0 ? static_cast<double>(report.records) / report.seconds : 0;
  std::string line =
      Format("%s %" PRIu64 " records in %" PRIu64 " batches: %" PRIu64 " %s, %" PRIu64
             " rejected, %" PRIu64 " warnings; %s, %.0f records/s, %.1f MB/s read; %" PRIu64 " %s",
             dry_run ? "checked (dry run, nothing stored)" : "posted", report.records,
             report.batches, report.accepted, dry_run ? "acceptable" : "accepted", report.rejected,
             warnings, Duration(report.seconds).c_str(), rate,
             MegabytesPerSecond(report.input_bytes, report.seconds), report.retries,
             report.retries == 1 ? "retry" : "retries");
  if (report.splits > 0) {
    line += Format(", %" PRIu64 " %s in halves to fit the server's limits", report.splits,
                   report.splits == 1 ? "batch sent again" : "batches sent again");
  }
  if (!report.failure.empty()) line += "; stopped: " + report.failure;
  return line;
}

std::string WarningsLine(const PostReport& report) {
  if (report.warnings.empty() && report.warnings_not_listed == 0) return "";
  uint64_t total = report.warnings_not_listed;
  std::string kinds;
  for (const auto& [id, count] : report.warnings) {
    total += count;
    kinds += (kinds.empty() ? "" : ", ") + id + " " + std::to_string(count);
  }
  std::string line = "warnings: " + std::to_string(total) + " (";
  if (report.warnings_not_listed == 0) return line + kinds + ")";
  if (!kinds.empty()) line += "listed: " + kinds + "; ";
  return line + std::to_string(report.warnings_not_listed) +
         " more not itemized in the answers; the endpoint's log counts every kind)";
}

std::string Duration(double seconds) {
  if (seconds < 60) return Format("%.1f s", seconds);
  auto whole = static_cast<uint64_t>(seconds + 0.5);
  if (whole < 3600) return Format("%" PRIu64 ":%02" PRIu64, whole / 60, whole % 60);
  return Format("%" PRIu64 ":%02" PRIu64 ":%02" PRIu64, whole / 3600, whole / 60 % 60, whole % 60);
}

std::string ProgressLine(const ProgressSnapshot& snapshot) {
  double rate = MegabytesPerSecond(snapshot.bytes_read, snapshot.seconds);
  std::string counts = Format("%" PRIu64 " records, %.1f MB/s", snapshot.records_answered, rate);
  if (!snapshot.bytes_total || *snapshot.bytes_total == 0) return counts;
  double done = std::min(
      1.0, static_cast<double>(snapshot.bytes_read) / static_cast<double>(*snapshot.bytes_total));
  constexpr int kWidth = 24;
  int filled = static_cast<int>(done * kWidth);
  std::string bar = std::string(filled, '#') + std::string(kWidth - filled, ' ');
  std::string eta = "ETA ?";
  if (done > 0 && snapshot.seconds > 0) {
    eta = "ETA " + Duration(snapshot.seconds * (1 - done) / done);
  }
  return Format("%3d%% [%s] ", static_cast<int>(done * 100), bar.c_str()) + counts + ", " + eta;
}

}  // namespace inlet::cli
