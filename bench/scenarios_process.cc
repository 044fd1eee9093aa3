// Scenarios 5 and 6: processing a manual job over stored records, alone and while batch
// ingestion goes on. They use the processing API (PUT …/mapping, POST …/process,
// GET /api/v1/jobs/{id}); where the server answers 404 the rows read "not available".
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "bench.h"
#include "checks.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

constexpr const char* kMapping =
    R"({"entityType":"/Customer","vocabularyPrefix":"bench.customer","origin":"bench",)"
    R"("primaryIdentifier":{"fields":["customerId"]},)"
    R"("identifiers":[{"field":"email","origin":"email"}]})";

void NotAvailable(Bench& bench, const char* reason) {
  for (const char* name : {"5a process 1st run", "5b process again", "5c after 1% changed",
                           "6 batches during a job"}) {
    Row row;
    row.scenario = name;
    row.available = false;
    row.note = reason;
    bench.report.Add(row);
  }
}

// Stores `range` into the endpoint through ordinary batch ingestion, checked like any
// scenario; returns the note of the check.
std::string Fill(Bench& bench, const std::string& scenario, const std::string& endpoint_id,
                 const RecordRange& range) {
  const std::vector<std::string> endpoints = {endpoint_id};
  const int64_t before = bench.api.RecordCount(endpoint_id);
  auto lists = PrepareBatches(bench, endpoints, range, bench.options.batch,
                              bench.options.batch_connections, false);
  LoadResult load = RunLoad(scenario, bench.peer(), lists, 1);
  return VerifyStored(bench, scenario, endpoints, load, {before});
}

std::string JobNote(const Job& job, double seconds) {
  return Format(
      "job %s in %.2f s: total %lld, created %lld, merged %lld, unchanged %lld, "
      "failed %lld",
      job.state.c_str(), seconds, static_cast<long long>(job.total),
      static_cast<long long>(job.created), static_cast<long long>(job.merged),
      static_cast<long long>(job.unchanged), static_cast<long long>(job.failed));
}

Row JobRow(Bench& bench, const std::string& name, const Job& job, double seconds) {
  Row row;
  row.scenario = name;
  row.records_per_s = static_cast<double>(job.total) / seconds;
  row.peak_rss_mib = MiB(bench.server.PeakRssKib());
  row.note = JobNote(job, seconds);
  return row;
}

// 6: batch ingestion into other endpoints while a job like 5a's runs, until the job
// ends. The job is as large as scenario 5's, or smaller when processing is slow, so that
// it still outlasts scenario 1's load and the run stays within its ten minutes.
void RunDuringJob(Bench& bench, double first_job_rate) {
  const Options& o = bench.options;
  const std::string name = "6 batches during a job";
  const double load_seconds = bench.batch_rate > 0 ? o.s1_records / bench.batch_rate : 10;
  const int64_t n = std::min<int64_t>(
      o.s5_records,
      std::max<int64_t>(10 * o.batch, static_cast<int64_t>(first_job_rate * load_seconds * 1.5)));
  const std::string job_endpoint = bench.api.CreateEndpoint("s6-job");
  Expect(bench.api.PutMapping(job_endpoint, kMapping) / 100 == 2, "6", "PUT mapping failed");
  std::printf("running 6: storing %lld records\n", static_cast<long long>(n));
  std::fflush(stdout);
  Fill(bench, "6 fill", job_endpoint, {kJobStream, 0, n, 0, Emails::kPairs});
  auto endpoints = CreateEndpoints(bench, "s6", 4);
  auto lists = PrepareBatches(bench, endpoints, {kDuringJobStream, 0, o.s1_records}, o.batch,
                              o.batch_connections, false);

  std::optional<Profiler> profiler(std::in_place, o, bench.server, name);
  bench.server.ResetPeak();
  const auto start = Clock::now();
  std::optional<std::string> job_id = bench.api.StartJob("6", job_endpoint);
  std::atomic<bool> job_ended = false;
  Job job;
  double job_seconds = 0;
  std::thread poller([&] {
    while (job_id && !job_id->empty()) {
      job = bench.api.GetJob(*job_id);
      if (job.state == "done" || job.state == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    job_seconds = Seconds(start);
    job_ended = true;
  });
  CpuMeter cpu(bench.server);
  LoadResult load = RunLoad(name, bench.peer(), lists, endpoints.size(), &job_ended);
  const double load_ended = Seconds(start);
  const std::string cores = cpu.Note();
  poller.join();
  profiler.reset();
  CheckJob("6", job, n);

  Row row = LoadRow(bench, name, load);
  row.target = Format("≥ 0.5 × scenario 1 (%.0f rec/s), p99 < 250 ms", bench.batch_rate / 2);
  row.met = bench.batch_rate > 0 && row.records_per_s >= bench.batch_rate / 2 && row.p99_ms < 250;
  row.note = Format("load over the first %.1f s of a %.1f s job (the load %s); ", load_ended,
                    job_seconds, load_ended < job_seconds ? "ran out first" : "stopped with it") +
             JobNote(job, job_seconds) + "; " + cores + "; " +
             VerifyStored(bench, name, endpoints, load);
  bench.report.Add(row);
}

}  // namespace

// The invariants of SPEC §5 that hold for every finished job.
void CheckJob(const std::string& scenario, const Job& job, int64_t total) {
  Expect(job.state == "done", scenario, "job ended " + job.state);
  Expect(job.total == total, scenario,
         Format("job total %lld, expected %lld", static_cast<long long>(job.total),
                static_cast<long long>(total)));
  Expect(job.created + job.merged + job.unchanged + job.failed == job.total, scenario,
         "created + merged + unchanged + failed != total");
  Expect(job.failed == 0, scenario,
         Format("%lld records failed", static_cast<long long>(job.failed)));
}

std::string JobEndpoint(Bench& bench, const std::string& scenario, Stream stream, int64_t records) {
  const std::string endpoint = bench.api.CreateEndpoint("s" + scenario);
  Expect(bench.api.PutMapping(endpoint, kMapping) / 100 == 2, scenario, "PUT mapping failed");
  Fill(bench, scenario + " fill", endpoint, {stream, 0, records, 0, Emails::kPairs});
  return endpoint;
}

FirstJob RunFirstJob(Bench& bench, const std::string& scenario, Stream stream, int64_t records) {
  const std::string endpoint = JobEndpoint(bench, scenario, stream, records);
  FirstJob first;
  const std::optional<Job> job = bench.api.RunJob(scenario, endpoint, &first.seconds);
  Expect(job.has_value(), scenario, "POST /api/v1/endpoints/{id}/process: 404");
  if (job) {
    CheckJob(scenario, *job, records);
    first.job = *job;
  }
  return first;
}

void RunProcessing(Bench& bench) {
  const Options& o = bench.options;
  const int64_t n = o.s5_records;
  const std::string endpoint = bench.api.CreateEndpoint("s5");
  const int mapping_status = bench.api.PutMapping(endpoint, kMapping);
  if (mapping_status == 404) return NotAvailable(bench, "PUT /api/v1/endpoints/{id}/mapping: 404");
  Expect(mapping_status / 100 == 2, "5", "PUT mapping answered " + std::to_string(mapping_status));

  std::printf("running 5: storing %lld records\n", static_cast<long long>(n));
  std::fflush(stdout);
  const RecordRange stored{kProcessStream, 0, n, 0, Emails::kPairs};
  const std::string filled = Fill(bench, "5 fill", endpoint, stored);

  double seconds = 0;
  std::optional<Profiler> profiler(std::in_place, o, bench.server, "5a");
  bench.server.ResetPeak();
  std::optional<Job> first = bench.api.RunJob("5a", endpoint, &seconds);
  profiler.reset();
  if (!first) return NotAvailable(bench, "POST /api/v1/endpoints/{id}/process: 404");
  // Every 20th record shares its email with the one before: those join a golden record.
  const int64_t pairs = n / 20;
  CheckJob("5a", *first, n);
  Expect(first->created == n - pairs && first->merged == pairs, "5a",
         Format("expected %lld created and %lld merged", static_cast<long long>(n - pairs),
                static_cast<long long>(pairs)));
  Row a = JobRow(bench, "5a process 1st run", *first, seconds);
  a.target = "≥ 100,000 rec/s";
  a.met = a.records_per_s >= 100000;
  a.note = "records stored first: " + filled + "; " + a.note;
  bench.report.Add(a);

  bench.server.ResetPeak();
  profiler.emplace(o, bench.server, "5b");
  Job again = bench.api.RunJob("5b", endpoint, &seconds).value_or(Job{});
  profiler.reset();
  CheckJob("5b", again, n);
  Row b = JobRow(bench, "5b process again", again, seconds);
  b.target = Format("unchanged = %lld, ≥ 500,000 rec/s", static_cast<long long>(n));
  b.met = again.unchanged == n && b.records_per_s >= 500000;
  bench.report.Add(b);

  // 1% of the customers sent again with another phone and modifiedAt: new records whose
  // clues are new, next to the old ones, whose clues are not.
  const RecordRange changed{kProcessStream, 0, n / 100, 1, Emails::kPairs};
  const std::string refilled = Fill(bench, "5c fill", endpoint, changed);
  bench.server.ResetPeak();
  Job third = bench.api.RunJob("5c", endpoint, &seconds).value_or(Job{});
  CheckJob("5c", third, n + n / 100);
  Row c = JobRow(bench, "5c after 1% changed", third, seconds);
  c.target = Format("exactly %lld not unchanged", static_cast<long long>(n / 100));
  c.met = third.total - third.unchanged == n / 100 && third.unchanged == n;
  c.note = "changed records stored: " + refilled + "; " + c.note;
  bench.report.Add(c);

  if (bench.options.Runs("6")) RunDuringJob(bench, a.records_per_s);
}

}  // namespace inlet::bench
