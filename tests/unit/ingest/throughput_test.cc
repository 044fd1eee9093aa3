// Prints how fast ProcessBody goes on customer-like records of ~300 bytes. It asserts
// nothing about time: numbers from a Debug + sanitizer build mean little. For real
// numbers run a Release build with a bigger body:
//   INLET_BENCH_MB=200 ./build/ingest-rel/tests/unit_ingest --gtest_filter='Throughput*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

#include "test_util.h"

namespace inlet::ingest {
namespace {

// CPU time of this thread: on a shared machine it says what a dedicated core would do.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

size_t TargetBytes() {
  const char* mb = std::getenv("INLET_BENCH_MB");
  const long value = mb == nullptr ? 4 : std::strtol(mb, nullptr, 10);
  return static_cast<size_t>(value > 0 ? value : 4) << 20;
}

std::string CleanRecord(int i) {
  const std::string n = std::to_string(i);
  return R"({"customerId":"C-)" + n + R"(","firstName":"Ann","lastName":"Berg-)" + n +
         R"(","email":"ann.berg)" + n + R"(@example.com","phone":"+47 22 33 44 55",)" +
         R"("street":"Storgata 1","city":"Oslo","postalCode":"0150","country":"NO",)" +
         R"("createdAt":"2024-05-01T12:00:00Z","balance":1234.50,"vip":true,)" +
         R"("tags":["nordic","retail"],"notes":null})";
}

std::string DirtyRecord(int i) {
  const std::string n = std::to_string(i);
  return R"({"@odata.etag":"W/\")" + n + R"(\"","accountid":"6f1b2c3d-0000-4000-8000-)" + n +
         R"(","Account Name":"Contoso caf\u00e9","address":{"city":"Oslo","zip":"0150"},)" +
         R"("statecode@OData.Community.Display.V1.FormattedValue":"Active","id":)" + n +
         R"(,"revenue":1000000.50,"Primary Contact":"Ann Berg","e-mail":"ann@example.com"})";
}

void Measure(const char* label, std::string (*make)(int), BodyFormat format) {
  const size_t target = TargetBytes();
  std::string body = format == BodyFormat::kJson ? "[" : "";
  int records = 0;
  while (body.size() < target) {
    if (format == BodyFormat::kJson && records > 0) body += ",\n";
    body += make(records++);
    if (format == BodyFormat::kNdjson) body += "\n";
  }
  if (format == BodyFormat::kJson) body += "]";
  // The first run also pays for fresh memory (page faults); later runs reuse the heap.
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    IssueCollector issues;
    const Outcome outcome = ProcessBody(body, format, Limits{.max_records = 1 << 30}, issues);
    const double cpu_seconds = ThreadCpuSeconds() - cpu_start;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(outcome.accepted.size(), static_cast<size_t>(records));
    size_t stored = 0;
    for (const AcceptedRecord& record : outcome.accepted) stored += record.data.size();
    const double mb = static_cast<double>(body.size()) / (1 << 20);
    std::printf(
        "%-28s run %d: %6.1f MB/s wall, %6.1f MB/s of CPU time (%d records, "
        "%.1f MB in, %.1f MB stored, %lld warnings)\n",
        label, run + 1, mb / seconds, mb / cpu_seconds, records,
        static_cast<double>(body.size()) / (1 << 20), static_cast<double>(stored) / (1 << 20),
        static_cast<long long>(issues.warning_count()));
  }
}

TEST(ThroughputTest, CleanJsonArray) {
  Measure("clean records, JSON array", CleanRecord, BodyFormat::kJson);
}
TEST(ThroughputTest, CleanNdjson) {
  Measure("clean records, NDJSON", CleanRecord, BodyFormat::kNdjson);
}
TEST(ThroughputTest, DirtyJsonArray) {
  Measure("Dataverse-like, JSON array", DirtyRecord, BodyFormat::kJson);
}

}  // namespace
}  // namespace inlet::ingest
