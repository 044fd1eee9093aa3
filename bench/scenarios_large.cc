// Scenarios 3 and 4: large bodies, alone and 64 at once, and what they cost in memory.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#include "bench.h"
#include "checks.h"
#include "http_client.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Upload {
  RecordRange range;
  int endpoint = 0;
  int status = 0;
  bool retry_after = false;
  double ms = 0;
  std::string receipt;
};

// Sends one upload with Expect: 100-continue, so a refused one never sends its body, and
// generates the body while sending it, so 64 of them need not be held by the client.
void SendUpload(const std::string& scenario, Peer peer, const std::string& endpoint_id,
                const std::string& token, Upload& upload) {
  const size_t size = ArrayBodySize(upload.range);
  std::string head = "POST /upload/api/endpoint/" + endpoint_id +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                     "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                     "Content-Length: " +
                     std::to_string(size) + "\r\n\r\n";
  Connection connection(peer);
  const auto start = Clock::now();
  Response answer;
  if (connection.SendHead(head) && connection.AwaitContinue(answer, 60000)) {
    bool sent = true;
    StreamArrayBody(upload.range, 1 << 18,
                    [&](const std::string& piece) { sent = sent && connection.SendPart(piece); });
    answer = sent ? connection.ReadFinal(300000) : Response{};
  }
  upload.ms = MsSince(start);
  upload.status = answer.status;
  upload.retry_after = !answer.retry_after.empty();
  if (answer.status == 200) {
    upload.receipt = CheckIngestAnswer(scenario, answer.status, answer.body, upload.range);
  } else if (answer.status != 503) {
    Fail(scenario,
         "upload answered " + std::to_string(answer.status) + ": " + answer.body.substr(0, 300));
  }
}

}  // namespace

void RunLargeBody(Bench& bench) {
  const Options& o = bench.options;
  const std::string name =
      Format("3 one request of %lld records", static_cast<long long>(o.s3_records));
  auto endpoints = CreateEndpoints(bench, "s3", 1);
  std::printf("running %s\n", name.c_str());
  LoadResult load;  // for VerifyStored
  load.accepted_per_endpoint.assign(1, 0);
  std::vector<double> growth_mib;
  double body_mib = 0, peak_mib = 0;
  std::optional<Profiler> profiler(std::in_place, o, bench.server, name);
  for (int r = 0; r < o.s3_repeats; ++r) {
    const RecordRange range{kLargeStream, r * o.s3_records, o.s3_records};
    std::string wire = IngestRequest(endpoints[0], bench.token, ArrayBody(range), false);
    body_mib = static_cast<double>(ArrayBodySize(range)) / (1 << 20);
    bench.server.ResetPeak();
    const int64_t base = bench.server.RssKib();
    Connection connection(bench.peer());
    const auto start = Clock::now();
    Response response = connection.RoundTrip(wire);
    load.latencies_ms.push_back(MsSince(start));
    const int64_t peak = bench.server.PeakRssKib();
    growth_mib.push_back(MiB(peak - base));
    peak_mib = std::max(peak_mib, MiB(peak));
    std::string receipt = CheckIngestAnswer(name, response.status, response.body, range);
    if (receipt.empty()) continue;
    load.records += range.count;
    load.accepted_per_endpoint[0] += range.count;
    load.samples.push_back({0, receipt, range});
  }
  profiler.reset();
  Row row;
  row.scenario = name;
  const double median = load.Percentile(50), slowest = load.Percentile(100);
  row.records_per_s = static_cast<double>(o.s3_records) / (median / 1000);
  row.p50_ms = median;
  row.p99_ms = slowest;
  row.peak_rss_mib = peak_mib;
  row.ratio_to_b = bench.Ratio(row.records_per_s);
  const double worst_growth = *std::max_element(growth_mib.begin(), growth_mib.end());
  row.target = Format("answered ≤ 1.5 s; RSS growth < 3 × body (%.0f MiB)", 3 * body_mib);
  row.met = slowest <= 1500 && worst_growth < 3 * body_mib;
  row.note = Format(
                 "%d request(s) of %.1f MiB; p99 column is the slowest; RSS growth "
                 "%.0f MiB at most (%.2f × body); ",
                 o.s3_repeats, body_mib, worst_growth, worst_growth / body_mib) +
             VerifyStored(bench, name, endpoints, load);
  bench.report.Add(row);
}

void RunConcurrentUploads(Bench& bench) {
  const Options& o = bench.options;
  const std::string name = Format("4 %d concurrent uploads of %lld records", o.s4_uploads,
                                  static_cast<long long>(o.s4_records));
  auto endpoints = CreateEndpoints(bench, "s4", 4);
  std::printf("running %s\n", name.c_str());
  std::fflush(stdout);
  std::vector<Upload> uploads(static_cast<size_t>(o.s4_uploads));
  for (size_t u = 0; u < uploads.size(); ++u) {
    uploads[u].range = {kUploadStream, static_cast<int64_t>(u) * o.s4_records, o.s4_records};
    uploads[u].endpoint = static_cast<int>(u % endpoints.size());
  }
  std::optional<Profiler> profiler(std::in_place, o, bench.server, name);
  bench.server.ResetPeak();
  const int64_t base = bench.server.RssKib();
  CpuMeter cpu(bench.server);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (Upload& upload : uploads) {
    threads.emplace_back(
        [&] { SendUpload(name, bench.peer(), endpoints[upload.endpoint], bench.token, upload); });
  }
  for (auto& thread : threads) thread.join();
  const double seconds = MsSince(start) / 1000;
  const std::string cores = cpu.Note();
  profiler.reset();
  const int64_t peak = bench.server.PeakRssKib();

  LoadResult load;
  load.accepted_per_endpoint.assign(endpoints.size(), 0);
  int refused = 0, refused_without_retry = 0;
  std::vector<double> refused_ms;
  for (const Upload& upload : uploads) {
    if (upload.status == 503) {
      ++refused;
      refused_without_retry += upload.retry_after ? 0 : 1;
      refused_ms.push_back(upload.ms);
    }
    if (upload.receipt.empty()) continue;
    ++load.requests;
    load.records += upload.range.count;
    load.accepted_per_endpoint[upload.endpoint] += upload.range.count;
    load.latencies_ms.push_back(upload.ms);
    if (load.samples.size() < 8)
      load.samples.push_back({upload.endpoint, upload.receipt, upload.range});
  }
  Expect(refused_without_retry == 0, name,
         std::to_string(refused_without_retry) + " answers 503 without Retry-After");
  const double limit_mib = MiB(base) + 1.5 * static_cast<double>(o.inflight_mib);
  Row row;
  row.scenario = name;
  row.records_per_s = static_cast<double>(load.records) / seconds;
  row.requests_per_s = static_cast<double>(load.requests) / seconds;
  row.p50_ms = load.Percentile(50);
  row.p99_ms = load.Percentile(99);
  row.peak_rss_mib = MiB(peak);
  row.ratio_to_b = bench.Ratio(row.records_per_s);
  row.target =
      Format("peak RSS < baseline + 1.5 × in-flight ceiling (%.0f MiB); excess 503", limit_mib);
  row.met = MiB(peak) < limit_mib && refused_without_retry == 0 &&
            load.requests + refused == o.s4_uploads;
  std::sort(refused_ms.begin(), refused_ms.end());
  row.note =
      Format(
          "%lld × 200, %d × 503 (all with Retry-After: %s, slowest refusal %.0f ms); "
          "baseline %.0f MiB, peak %.0f MiB, in-flight ceiling %lld MiB; latencies of "
          "the 200s; ",
          static_cast<long long>(load.requests), refused, refused_without_retry == 0 ? "yes" : "no",
          refused_ms.empty() ? 0.0 : refused_ms.back(), MiB(base), MiB(peak),
          static_cast<long long>(o.inflight_mib)) +
      cores + "; " + VerifyStored(bench, name, endpoints, load);
  bench.report.Add(row);
}

}  // namespace inlet::bench
