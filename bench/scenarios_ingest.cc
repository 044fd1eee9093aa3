// Scenarios 1, 2 and 7 (many requests over keep-alive connections) and the ceilings.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>

#include "bench.h"
#include "ceilings.h"
#include "checks.h"
#include "commit_counter.h"

namespace inlet::bench {
namespace {

void Announce(const std::string& name) {
  std::printf("running %s\n", name.c_str());
  std::fflush(stdout);
}

}  // namespace

void RunCeilings(Bench& bench) {
  const Options& o = bench.options;
  Announce("ceiling (a): parser");
  CeilingResult parser = ParserCeiling(kBatchStream, o.parser_bodies, o.batch);
  Row a;
  a.scenario = "(a) parser alone, 1 thread";
  a.records_per_s = parser.records_per_s;
  a.note = Format(
      "ingest::ProcessBody on %lld records in bodies of %lld, %.0f MiB/s; "
      "the server parses on 2 threads",
      static_cast<long long>(parser.records), static_cast<long long>(o.batch), parser.mib_per_s);
  bench.report.Add(a);

  std::string size_source;
  if (o.commit_records > 0) {
    bench.commit_records = o.commit_records;
    size_source = "as given by --commit-records";
  } else if (bench.batch_commits > 0) {
    bench.commit_records = std::max<int64_t>(1, bench.batch_records / bench.batch_commits);
    size_source = Format("as inlet.db saw in scenario 1: %lld commits for %lld records",
                         static_cast<long long>(bench.batch_commits),
                         static_cast<long long>(bench.batch_records));
  } else {
    bench.commit_records = o.batch;
    size_source = "one request's worth (scenario 1 did not run or its commits were not seen)";
  }
  Announce("ceiling (b): SQLite append");
  CeilingResult sqlite =
      SqliteCeiling(o.work_dir, kBatchStream, o.ceiling_records, bench.commit_records);
  bench.ceiling_b = sqlite.records_per_s;
  bench.fdatasync_ms = FdatasyncMs(o.work_dir);
  Row b;
  b.scenario = "(b) SQLite append";
  b.records_per_s = sqlite.records_per_s;
  b.ratio_to_b = 1;
  b.note = Format(
               "%lld records into the records table's columns and index, WAL, "
               "synchronous=FULL, %.0f MiB/s, %lld records per transaction, ",
               static_cast<long long>(sqlite.records), sqlite.mib_per_s,
               static_cast<long long>(bench.commit_records)) +
           size_source;
  bench.report.Add(b);

  CeilingResult unsynced = SqliteCeiling(o.work_dir, kBatchStream, o.ceiling_records,
                                         bench.commit_records, /*durable=*/false);
  Row b0;
  b0.scenario = "(b) same, synchronous=OFF";
  b0.records_per_s = unsynced.records_per_s;
  b0.ratio_to_b = bench.Ratio(unsynced.records_per_s);
  b0.note = Format(
      "not durable, for comparison only: what the fsyncs of (b) cost; one "
      "fdatasync after a 4 KiB append takes %.2f ms here (median of 41)",
      bench.fdatasync_ms);
  bench.report.Add(b0);

  if (bench.batch_row != SIZE_MAX) {
    Row& row = bench.report.At(bench.batch_row);
    row.ratio_to_b = bench.Ratio(row.records_per_s);
    row.met = row.records_per_s >= 300000 && row.ratio_to_b >= 0.7 && row.p99_ms < 100;
  }
}

ShapeResult RunShape(Bench& bench, const Shape& shape) {
  auto endpoints = CreateEndpoints(bench, shape.endpoint_prefix, 4);
  auto lists = PrepareBatches(bench, endpoints, shape.range, shape.per_request, shape.connections,
                              shape.gzip);
  std::this_thread::sleep_until(shape.not_before);
  Announce(shape.name);
  std::optional<Profiler> profiler(std::in_place, bench.options, bench.server, shape.name);
  bench.server.ResetPeak();
  CpuMeter cpu(bench.server);
  std::optional<CommitCounter> commits;
  if (shape.count_commits) commits.emplace(bench.server.data_dir() + "/inlet.db");
  ShapeResult result;
  result.started = std::chrono::steady_clock::now();
  result.load = RunLoad(shape.name, bench.peer(), lists, endpoints.size());
  result.ended = std::chrono::steady_clock::now();
  if (commits) result.commits = commits->Stop();
  result.cores = cpu.Note();
  // The search index follows the records in the background, on the same cores.
  for (const std::string& endpoint : endpoints) result.index_lag += bench.api.IndexLag(endpoint);
  profiler.reset();
  result.row = LoadRow(bench, shape.name, result.load);
  result.stored = VerifyStored(bench, shape.name, endpoints, result.load);
  return result;
}

void RunBatches(Bench& bench, bool gzip) {
  const Options& o = bench.options;
  const std::string name = std::string(gzip ? "7a gzip, " : "1 ") +
                           Format("batches of %lld, %d connections",
                                  static_cast<long long>(o.batch), o.batch_connections);
  const int64_t records =
      gzip ? static_cast<int64_t>(static_cast<double>(o.s1_records) * o.s7_fraction) : o.s1_records;
  ShapeResult result =
      RunShape(bench, {.name = name,
                       .endpoint_prefix = gzip ? "s7a" : "s1",
                       .range = {gzip ? kGzipBatchStream : kBatchStream, 0, records},
                       .per_request = o.batch,
                       .connections = o.batch_connections,
                       .gzip = gzip,
                       .count_commits = !gzip});
  Row row = result.row;
  row.note = result.cores + "; " + result.stored;
  if (!gzip) {
    bench.batch_rate = row.records_per_s;
    bench.batch_commits = result.commits;
    bench.batch_records = result.load.records;
    bench.batch_ended = result.ended;
    row.note += Format(
        "; about %lld records per commit; the search index was %lld records "
        "behind when the load ended",
        static_cast<long long>(result.commits > 0 ? result.load.records / result.commits : -1),
        static_cast<long long>(result.index_lag));
    row.target = "≥ 300,000 rec/s, ≥ 0.70 of (b), p99 < 100 ms";
    bench.batch_row = bench.report.Add(row);
    return;
  }
  bench.report.Add(row);
}

std::string CommitCycle(const ShapeResult& result) {
  const int64_t commits = result.commits;
  return Format("%.1f requests per commit, a commit cycle every %.2f ms",
                commits > 0 ? static_cast<double>(result.load.requests) / commits : -1.0,
                commits > 0 ? result.load.seconds * 1000 / commits : -1.0);
}

void RunSingles(Bench& bench, bool gzip) {
  const Options& o = bench.options;
  const std::string name = std::string(gzip ? "7b gzip, " : "2 ") +
                           Format("1 record per request, %d connections", o.single_connections);
  const int64_t requests =
      gzip ? static_cast<int64_t>(static_cast<double>(o.s2_requests) * o.s7_fraction)
           : o.s2_requests;
  ShapeResult result =
      RunShape(bench, {.name = name,
                       .endpoint_prefix = gzip ? "s7b" : "s2",
                       .range = {gzip ? kGzipSingleStream : kSingleStream, 0, requests},
                       .per_request = 1,
                       .connections = o.single_connections,
                       .gzip = gzip,
                       .count_commits = true});
  Row row = result.row;
  row.note = result.cores + "; " + CommitCycle(result) + "; " + result.stored;
  if (!gzip) {
    bench.single_rate = row.requests_per_s;
    if (bench.batch_ended != std::chrono::steady_clock::time_point{}) {
      bench.batch_to_single = result.started - bench.batch_ended;
    }
    row.target = "≥ 40,000 req/s, p99 < 10 ms";
    row.met = row.requests_per_s >= 40000 && row.p99_ms < 10;
  }
  bench.report.Add(row);
}

}  // namespace inlet::bench
