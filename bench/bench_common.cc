// Helpers every scenario uses: endpoints, prepared requests, and the checks of what the
// server stored.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <thread>

#include "bench.h"
#include "checks.h"
#include "inlet/common/gzip.h"

namespace inlet::bench {

namespace {

double SelfCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

// The last `lines` lines of a server log, request lines left out: they are most of it
// and say nothing of a crash.
std::string LogTail(const std::string& log, size_t lines) {
  std::vector<std::string> kept;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    std::string line = log.substr(start, end - start);
    if (line.find(" rid=") == std::string::npos) kept.push_back(std::move(line));
    start = end + 1;
  }
  std::string tail;
  for (size_t i = kept.size() > lines ? kept.size() - lines : 0; i < kept.size(); ++i) {
    tail += kept[i] + "\n";
  }
  return tail;
}

double WallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

void RunAgainst(Server& server, const std::function<void()>& scenarios) {
  try {
    scenarios();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + "\ninlet: " + server.State() +
                             "; the end of its log:\n" + LogTail(server.Stderr(), 40));
  }
}

void CheckDurability(const Server& server) {
  const std::string durability = server.Durability();
  Expect(durability.find("journal_mode=wal") != std::string::npos &&
             durability.find("synchronous=full") != std::string::npos,
         "durability", "expected journal_mode=wal, synchronous=full: " + durability);
}

void StopServer(Server& server) {
  const int stopped = server.Stop(60000);
  Expect(stopped == 0, "shutdown", "inlet exited with " + std::to_string(stopped));
}

CpuMeter::CpuMeter(const Server& server)
    : server_(server),
      server_start_(server.CpuSeconds()),
      self_start_(SelfCpuSeconds()),
      wall_start_(WallSeconds()) {}

std::string CpuMeter::Note() const {
  const double wall = WallSeconds() - wall_start_;
  return Format("server %.2f cores, load generator %.2f cores",
                (server_.CpuSeconds() - server_start_) / wall,
                (SelfCpuSeconds() - self_start_) / wall);
}

Profiler::Profiler(const Options& options, const Server& server, const std::string& label) {
  if (options.profile.empty()) return;
  std::string command = "exec " + options.profile;
  for (size_t at; (at = command.find("{pid}")) != std::string::npos;) {
    command.replace(at, 5, std::to_string(server.pid()));
  }
  for (size_t at; (at = command.find("{scenario}")) != std::string::npos;) {
    command.replace(at, 10, label.substr(0, label.find(' ')));
  }
  std::printf("profiling %s: %s\n", label.c_str(), command.c_str() + 5);
  std::fflush(stdout);
  pid_ = ::fork();
  if (pid_ == 0) {
    // The benchmark ignores SIGPIPE for its TLS client; the profiler gets the default.
    ::signal(SIGPIPE, SIG_DFL);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // perf needs a moment to attach; the load must not start before it watches.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
}

Profiler::~Profiler() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGINT);
  ::waitpid(pid_, nullptr, 0);
}

Row LoadRow(Bench& bench, const std::string& name, const LoadResult& load) {
  Row row;
  row.scenario = name;
  row.records_per_s = static_cast<double>(load.records) / load.seconds;
  row.requests_per_s = static_cast<double>(load.requests) / load.seconds;
  row.p50_ms = load.Percentile(50);
  row.p99_ms = load.Percentile(99);
  row.peak_rss_mib = MiB(bench.server.PeakRssKib());
  row.ratio_to_b = bench.Ratio(row.records_per_s);
  return row;
}

double MiB(int64_t kib) { return kib < 0 ? -1 : static_cast<double>(kib) / 1024.0; }

std::string Format(const char* format, ...) {
  char text[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  return text;
}

std::vector<std::string> CreateEndpoints(Bench& bench, const std::string& prefix, int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    ids.push_back(bench.api.CreateEndpoint(prefix + "-" + std::to_string(i)));
  }
  return ids;
}

std::vector<std::vector<Prepared>> PrepareBatches(const Bench& bench,
                                                  const std::vector<std::string>& endpoint_ids,
                                                  RecordRange range, int64_t per_request,
                                                  int connections, bool gzip) {
  std::vector<std::vector<Prepared>> lists(static_cast<size_t>(connections));
  int64_t request = 0;
  for (int64_t first = 0; first < range.count; first += per_request, ++request) {
    Prepared prepared;
    prepared.endpoint = static_cast<int>(request % static_cast<int64_t>(endpoint_ids.size()));
    prepared.range = range;
    prepared.range.first = range.first + first;
    prepared.range.count = std::min(per_request, range.count - first);
    std::string body = ArrayBody(prepared.range);
    prepared.wire =
        IngestRequest(endpoint_ids[prepared.endpoint], bench.token, gzip ? Gzip(body) : body, gzip);
    lists[static_cast<size_t>(request % connections)].push_back(std::move(prepared));
  }
  return lists;
}

std::string VerifyStored(Bench& bench, const std::string& scenario,
                         const std::vector<std::string>& endpoint_ids, const LoadResult& load,
                         const std::vector<int64_t>& before) {
  int64_t stored_total = 0;
  for (size_t e = 0; e < endpoint_ids.size(); ++e) {
    const int64_t stored = bench.api.RecordCount(endpoint_ids[e]);
    const int64_t held = e < before.size() ? before[e] : 0;
    const int64_t accepted =
        e < load.accepted_per_endpoint.size() ? load.accepted_per_endpoint[e] : 0;
    Expect(stored == held + accepted, scenario,
           Format("endpoint %s stores %lld records but held %lld and %lld were accepted",
                  endpoint_ids[e].c_str(), static_cast<long long>(stored),
                  static_cast<long long>(held), static_cast<long long>(accepted)));
    stored_total += stored - held;
  }
  int64_t compared = 0;
  for (const Sample& sample : load.samples) {
    compared += bench.api.CompareReceipt(scenario, endpoint_ids[sample.endpoint], sample.receipt_id,
                                         sample.range);
  }
  return Format(
      "%lld records stored = sum of accepted over %zu endpoint(s); %lld records of "
      "%zu receipts compared byte for byte",
      static_cast<long long>(stored_total), endpoint_ids.size(), static_cast<long long>(compared),
      load.samples.size());
}

}  // namespace inlet::bench
