// Scenario 9: every record shares one identifier, so a job folds them all into one golden
// record. Two sizes run in the same server, a quarter and the whole: the job's time must
// grow linearly with the records (a quadratic engine would take 16 times as long for 4
// times the records, a linear one 4 times), and the golden record's answer must stay
// bounded however many parts it has, with every part and code reachable through paging.
#include <cctype>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "bench.h"
#include "checks.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kMapping =
    R"({"entityType":"/Customer","vocabularyPrefix":"bench.customer","origin":"bench",)"
    R"("primaryIdentifier":{"fields":["customerId"]},)"
    R"("identifiers":[{"field":"email","origin":"email"}]})";

// The parts and codes a golden record's own answer may hold; the rest are paged.
constexpr size_t kInlineItems = 100;
// A bound on that answer: 100 parts and 100 codes and the document are far below it.
constexpr size_t kMaxAnswerBytes = 256 * 1024;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string PercentEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += Format("%%%02X", c);
    }
  }
  return out;
}

nlohmann::json ParseAnswer(const std::string& what, const Response& answer) {
  Expect(answer.status == 200, "9", what + " answered " + std::to_string(answer.status));
  nlohmann::json parsed = nlohmann::json::parse(answer.body, nullptr, false);
  Expect(parsed.is_object(), "9", what + " answered no JSON object");
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

struct OneGolden {
  int64_t records = 0;
  double job_seconds = 0;
  std::string endpoint;
  std::string email_code;
};

void WaitForIndex(Bench& bench, const std::string& endpoint) {
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (bench.api.IndexLag(endpoint) > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Stores `n` records that all carry record 0's email and processes them.
OneGolden ProcessSharing(Bench& bench, uint32_t stream, int64_t n, const std::string& label) {
  OneGolden result;
  result.records = n;
  result.endpoint = bench.api.CreateEndpoint("s9-" + label);
  Expect(bench.api.PutMapping(result.endpoint, kMapping) / 100 == 2, "9", "PUT mapping failed");
  const RecordRange range{stream, 0, n, 0, Emails::kAllShareOne};
  const std::vector<std::string> endpoints = {result.endpoint};
  auto lists = PrepareBatches(bench, endpoints, range, bench.options.batch,
                              bench.options.batch_connections, false);
  LoadResult load = RunLoad("9 fill", bench.peer(), lists, 1);
  VerifyStored(bench, "9 fill", endpoints, load, {0});

  // The search index follows ingestion on the same cores: both jobs start once it has
  // caught up, so neither shares its CPU with indexing the other's records.
  WaitForIndex(bench, result.endpoint);
  std::optional<Profiler> profiler(std::in_place, bench.options, bench.server, "9" + label);
  std::optional<Job> job = bench.api.RunJob("9", result.endpoint, &result.job_seconds);
  profiler.reset();
  Expect(job.has_value(), "9", "POST …/process answered 404");
  if (!job) return result;
  Expect(job->state == "done" && job->total == n && job->failed == 0, "9",
         Format("job %s: total %lld, failed %lld", job->state.c_str(),
                static_cast<long long>(job->total), static_cast<long long>(job->failed)));
  // The first record makes the golden record; every other one joins it.
  Expect(
      job->created == 1 && job->merged == n - 1, "9",
      Format("expected 1 created and %lld merged, got %lld and %lld", static_cast<long long>(n - 1),
             static_cast<long long>(job->created), static_cast<long long>(job->merged)));
  const std::string first = Record(range, 0);
  result.email_code = "/Customer#email:" + StringMember(first, "email");
  return result;
}

// Pages `route` to its end; returns the items' count, with each item passed to `seen`.
template <typename Seen>
int64_t PageAll(Bench& bench, const std::string& route, Seen&& seen, int& pages) {
  int64_t count = 0;
  std::string after;
  for (pages = 0;; ++pages) {
    const std::string target =
        route + "?limit=1000" + (after.empty() ? "" : "&after=" + PercentEncode(after));
    nlohmann::json page = ParseAnswer("GET " + route, bench.api.Get(target));
    const auto& items = page.value("items", nlohmann::json::array());
    for (const auto& item : items) seen(item);
    count += static_cast<int64_t>(items.size());
    if (!page.contains("next") || !page["next"].is_string() || items.empty()) return count;
    after = page["next"].get<std::string>();
  }
}

// What reading the golden record costs, and that paging reaches all of it.
std::string ReadGolden(Bench& bench, const OneGolden& golden) {
  auto start = Clock::now();
  const Response listed =
      bench.api.Get("/api/v1/entities?limit=1&code=" + PercentEncode(golden.email_code));
  const double list_ms = MillisSince(start);
  const nlohmann::json page = ParseAnswer("GET /api/v1/entities?code=", listed);
  const nlohmann::json items = page.value("items", nlohmann::json::array());
  Expect(items.is_array() && items.size() == 1, "9", "the shared code finds no golden record");
  if (!items.is_array() || items.size() != 1) return "";
  const std::string id = items[0].value("id", "");

  start = Clock::now();
  const Response one = bench.api.Get("/api/v1/entities/" + id);
  const double get_ms = MillisSince(start);
  nlohmann::json entity = ParseAnswer("GET /api/v1/entities/{id}", one);
  const int64_t n = golden.records;
  Expect(entity.value("partCount", -1) == n && entity.value("codeCount", -1) == n + 1, "9",
         Format("partCount %lld and codeCount %lld, expected %lld and %lld",
                static_cast<long long>(entity.value("partCount", -1)),
                static_cast<long long>(entity.value("codeCount", -1)), static_cast<long long>(n),
                static_cast<long long>(n + 1)));
  Expect(entity["parts"].size() <= kInlineItems && entity["codes"].size() <= kInlineItems, "9",
         "the golden record's answer holds more than 100 parts or codes");
  Expect(one.body.size() <= kMaxAnswerBytes && listed.body.size() <= kMaxAnswerBytes, "9",
         Format("answers of %zu and %zu bytes", one.body.size(), listed.body.size()));

  std::set<std::string> record_ids;
  int part_pages = 0, code_pages = 0;
  start = Clock::now();
  const int64_t parts = PageAll(
      bench, "/api/v1/entities/" + id + "/parts",
      [&](const nlohmann::json& part) { record_ids.insert(part.value("recordId", "")); },
      part_pages);
  const double parts_ms = MillisSince(start);
  start = Clock::now();
  const int64_t codes = PageAll(
      bench, "/api/v1/entities/" + id + "/codes", [](const nlohmann::json&) {}, code_pages);
  const double codes_ms = MillisSince(start);
  Expect(parts == n && static_cast<int64_t>(record_ids.size()) == n, "9",
         Format("paging found %lld parts of %lld distinct records, expected %lld",
                static_cast<long long>(parts), static_cast<long long>(record_ids.size()),
                static_cast<long long>(n)));
  Expect(codes == n + 1, "9",
         Format("paging found %lld codes, expected %lld", static_cast<long long>(codes),
                static_cast<long long>(n + 1)));
  return Format(
      "GET by code %.1f ms (%zu bytes), GET by id %.1f ms (%zu bytes); all %lld parts in %d "
      "pages (%.0f ms), %lld codes in %d pages (%.0f ms)",
      list_ms, listed.body.size(), get_ms, one.body.size(), static_cast<long long>(parts),
      part_pages, parts_ms, static_cast<long long>(codes), code_pages, codes_ms);
}

}  // namespace

void RunOneIdentifier(Bench& bench) {
  const int64_t n = bench.options.s9_records;
  std::printf("running 9: %lld and %lld records sharing one identifier\n",
              static_cast<long long>(n / 4), static_cast<long long>(n));
  std::fflush(stdout);
  bench.server.ResetPeak();
  const OneGolden quarter = ProcessSharing(bench, kOneIdentifierQuarterStream, n / 4, "quarter");
  const OneGolden whole = ProcessSharing(bench, kOneIdentifierStream, n, "whole");
  const std::string reads = whole.email_code.empty() ? "" : ReadGolden(bench, whole);

  Row row;
  row.scenario = Format("9 %lld records, one identifier", static_cast<long long>(n));
  row.records_per_s = static_cast<double>(n) / whole.job_seconds;
  row.peak_rss_mib = MiB(bench.server.PeakRssKib());
  const double quarter_rate = static_cast<double>(quarter.records) / quarter.job_seconds;
  const double time_ratio = whole.job_seconds / quarter.job_seconds;
  row.target = "time linear in records (≤ 5 × the quarter's for 4 ×); answer ≤ 256 KiB, paged";
  row.met = time_ratio <= 5.0;
  row.note =
      Format(
          "one golden record of %lld parts in %.2f s; a quarter (%lld records) in %.2f s at %.0f "
          "rec/s: %.2f × the time for 4 × the records; ",
          static_cast<long long>(n), whole.job_seconds, static_cast<long long>(quarter.records),
          quarter.job_seconds, quarter_rate, time_ratio) +
      reads;
  bench.report.Add(row);
}

}  // namespace inlet::bench
