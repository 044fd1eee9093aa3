// The benchmark's settings and the state its scenarios share.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api.h"
#include "http_client.h"
#include "load.h"
#include "report.h"
#include "server.h"

namespace inlet::bench {

struct Options {
  std::string inlet;                     // path of the inlet binary under test
  std::string work_dir;                  // temporary directory: server data, logs, ceiling database
  bool smoke = false;                    // tiny sizes; correctness only, targets not judged
  bool keep = false;                     // keep work_dir afterwards
  std::vector<std::string> server_args;  // appended to `inlet serve`
  int64_t inflight_mib = 512;            // the server's limits.inflightBodyBytes

  int64_t batch = 1000;  // records per request in scenarios 1, 5, 6, 7
  int batch_connections = 16;
  int64_t s1_records = 1'024'000;
  int single_connections = 64;
  int64_t s2_requests = 128'000;
  int64_t s3_records = 100'000;
  int s3_repeats = 3;
  int s4_uploads = 64;
  int64_t s4_records = 100'000;
  int64_t s5_records = 1'000'000;
  int64_t s9_records = 200'000;  // the whole; a quarter of it runs first
  int64_t s11_records = 2'000'000;
  int64_t s12_records = 512'000;          // scenario 12a and 12b, each
  int64_t s12_process_records = 200'000;  // scenario 12c
  double s7_fraction = 0.5;               // scenario 7 sends this share of scenarios 1 and 2
  int64_t parser_bodies = 200;
  int64_t ceiling_records = 1'024'000;
  // Ceiling (b) transaction size; 0: the records per commit seen in scenario 1.
  int64_t commit_records = 0;
  // Which to run; the ceilings always run, 1 with 6, and 1 and 2 with 8.
  std::string scenarios = "1,2,3,4,5,6,7,8,9,10,11,12";
  // Run around the load of each scenario, "{pid}" replaced by the server's pid and
  // "{scenario}" by the scenario's number, e.g. "perf record -g -p {pid} -o
  // perf.{scenario}.data"; stopped with SIGINT when the load ends.
  std::string profile;

  // Whether `scenario` ("1", "10") is one of the comma-separated `scenarios`.
  bool Runs(std::string_view scenario) const {
    size_t start = 0;
    for (;;) {
      const size_t comma = scenarios.find(',', start);
      const std::string_view item = std::string_view(scenarios).substr(
          start, comma == std::string::npos ? std::string::npos : comma - start);
      if (item == scenario) return true;
      if (comma == std::string::npos) return false;
      start = comma + 1;
    }
  }
};

// Streams keep every scenario's customer ids apart (records.h).
enum Stream : uint32_t {
  kBatchStream = 1,  // scenario 1 and both ceilings: the same records
  kSingleStream = 2,
  kLargeStream = 3,
  kUploadStream = 4,
  kProcessStream = 5,
  kJobStream = 6,
  kDuringJobStream = 7,
  kGzipBatchStream = 8,
  kGzipSingleStream = 9,
  kTlsBatchStream = 10,
  kTlsSingleStream = 11,
  kOneIdentifierQuarterStream = 12,
  kOneIdentifierStream = 13,
  kFeedCostStream = 14,
  kCliStream = 15,
  kPostgresBatchStream = 16,
  kPostgresSpreadStream = 17,
  kPostgresProcessStream = 18,
  kPostgresJobStreams = 19,  // 19, 20, 21: scenario 12d's three endpoints
};

struct Bench {
  Bench(const Options& o, Server& s, Api& a, std::string ingest_token)
      : options(o), server(s), api(a), token(std::move(ingest_token)) {}

  const Options& options;
  Server& server;
  Api& api;
  std::string token;         // ingest scope only
  TlsClient* tls = nullptr;  // set when `server` speaks HTTPS (scenario 8)
  Report report;
  double ceiling_b = 0;    // records/s
  double batch_rate = 0;   // scenario 1, records/s
  double single_rate = 0;  // scenario 2, requests/s
  // From the end of scenario 1's load to the start of 2's (the ceilings ran between):
  // 8b waits as long after 8a, so its server's search index trails as far behind.
  std::chrono::steady_clock::duration batch_to_single{};
  std::chrono::steady_clock::time_point batch_ended;
  size_t batch_row = SIZE_MAX;  // scenario 1's row, judged once (b) is known
  int64_t batch_commits = -1;   // commits of inlet.db seen during scenario 1
  int64_t batch_records = 0;    // records stored by scenario 1
  int64_t commit_records = 0;   // ceiling (b) transaction size
  double fdatasync_ms = -1;     // the disk's durable-write latency, median

  Peer peer() const { return {server.port(), tls}; }
  bool judged() const { return !options.smoke; }
  double Ratio(double records_per_s) const {
    return ceiling_b > 0 ? records_per_s / ceiling_b : -1;
  }
};

// Scenarios, in the order they run (scenarios_*.cc). Scenario 1 goes first: ceiling (b)
// commits as many records at a time as the server did there.
void RunBatches(Bench& bench, bool gzip);  // 1 and 7a
void RunCeilings(Bench& bench);            // (a) and (b), then judges scenario 1
void RunSingles(Bench& bench, bool gzip);  // 2 and 7b
void RunLargeBody(Bench& bench);           // 3
void RunConcurrentUploads(Bench& bench);   // 4
void RunProcessing(Bench& bench);          // 5 and 6
void RunOneIdentifier(Bench& bench);       // 9
void RunGoldenOut(Bench& bench);           // 10, over what 5 made
void RunCliPost(Bench& bench);             // 11a: `inlet post` of a file
// 11b: the same file against a server of its own with a 1 MiB in-flight ceiling (the
// server of `bench` must be stopped by then).
void RunCliPostUnderRefusals(Bench& bench);

// A new endpoint of `records` customers of `stream` (every 20th sharing its email with
// the one before, as in scenario 5), stored and then processed once; checked.
struct FirstJob {
  Job job;
  double seconds = 0;
  double rate() const { return seconds > 0 ? static_cast<double>(job.total) / seconds : 0; }
};
FirstJob RunFirstJob(Bench& bench, const std::string& scenario, Stream stream, int64_t records);
// The endpoint RunFirstJob processes: made, mapped and filled, not processed.
std::string JobEndpoint(Bench& bench, const std::string& scenario, Stream stream, int64_t records);
// The invariants of SPEC §5 that hold for every finished job of `total` records.
void CheckJob(const std::string& scenario, const Job& job, int64_t total);
// 8: scenario 1's and 2's shapes over HTTPS, against a server of its own (the one of
// `bench` must be stopped by then); judged against 1 and 2 of the same run.
void RunTls(Bench& bench);
// 12: ingestion on PostgreSQL with 1 and 3 nodes, ceiling (c), a job; a cluster and
// servers of its own (the one of `bench` must be stopped by then).
void RunPostgres(Bench& bench);

// Runs `scenarios` against `server`. When they throw (most often because the server
// died), the exception says how the server ended, with the end of its log.
void RunAgainst(Server& server, const std::function<void()>& scenarios);

// Checks that the server logged journal_mode=wal, synchronous=full at start.
void CheckDurability(const Server& server);

// Stops the server, which must exit cleanly within a minute.
void StopServer(Server& server);

// A keep-alive load of scenario 1's shape (batches) or scenario 2's (one record per
// request): what scenarios 1, 2, 7 and 8 share.
struct Shape {
  std::string name;
  std::string endpoint_prefix;  // of its four endpoints
  RecordRange range;
  int64_t per_request = 0;
  int connections = 0;
  bool gzip = false;
  bool count_commits = false;  // polls inlet.db during the load (CommitCounter)
  // The load starts no earlier (once the requests are prepared).
  std::chrono::steady_clock::time_point not_before{};
};

struct ShapeResult {
  Row row;             // rates, latencies, peak RSS and ratio to (b); no note
  std::string cores;   // CpuMeter::Note() over the load
  std::string stored;  // VerifyStored's note
  LoadResult load;
  int64_t commits = -1;   // of inlet.db during the load, when counted
  int64_t index_lag = 0;  // records the search index had yet to index when the load ended
  std::chrono::steady_clock::time_point started, ended;  // of the load
};

// Creates the shape's endpoints, prepares its requests, then measures the load (with the
// profiler, if any, around it) and checks every answer and what was stored.
ShapeResult RunShape(Bench& bench, const Shape& shape);
// "19.2 requests per commit, a commit cycle every 2.70 ms"
std::string CommitCycle(const ShapeResult& result);

// Endpoints named `<prefix>-<i>`, created through the API.
std::vector<std::string> CreateEndpoints(Bench& bench, const std::string& prefix, int count);

// After a scenario: every endpoint's recordCount must equal what it held `before` (none
// when empty) plus the sum of what was accepted for it, and every sampled receipt must
// hold exactly what was sent. Returns a note with what was checked.
std::string VerifyStored(Bench& bench, const std::string& scenario,
                         const std::vector<std::string>& endpoint_ids, const LoadResult& load,
                         const std::vector<int64_t>& before = {});

// Batches of `per_request` records of `range`, spread over connections and endpoints.
std::vector<std::vector<Prepared>> PrepareBatches(const Bench& bench,
                                                  const std::vector<std::string>& endpoint_ids,
                                                  RecordRange range, int64_t per_request,
                                                  int connections, bool gzip);

// Cores used by the server and by the load generator over a scenario: on 2 shared
// cores, what the generator takes the server cannot have.
class CpuMeter {
 public:
  explicit CpuMeter(const Server& server);
  std::string Note() const;  // e.g. "server 1.62 cores, load generator 0.31 cores"

 private:
  const Server& server_;
  double server_start_;
  double self_start_;
  double wall_start_;
};

// Runs Options::profile (if any) for its lifetime.
class Profiler {
 public:
  Profiler(const Options& options, const Server& server, const std::string& label);
  ~Profiler();
  Profiler(const Profiler&) = delete;
  Profiler& operator=(const Profiler&) = delete;

 private:
  pid_t pid_ = -1;
};

// A table row for a load: rates, latency percentiles, the server's peak RSS, ratio to (b).
Row LoadRow(Bench& bench, const std::string& name, const LoadResult& load);

double MiB(int64_t kib);
std::string Format(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace inlet::bench
