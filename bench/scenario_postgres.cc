// Scenario 12: inlet on PostgreSQL (SPEC §12), on a cluster the benchmark starts on this
// machine. 12a is scenario 1's shape against one node; ceiling (c) inserts the same rows
// with raw libpq in the transaction sizes 12a's commits had; 12c is a first processing
// job (scenario 5's shape) on that node; then 12b sends 12a's load spread over three
// nodes on the one database, and 12d runs a job on each of the three at once.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "bench.h"
#include "checks.h"
#include "postgres.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kNodes = 3;

std::unique_ptr<Server> StartNode(const Options& o, const std::string& url, int node) {
  const std::string dir = o.work_dir + "/pg-node" + std::to_string(node);
  std::filesystem::create_directories(dir);
  std::vector<std::string> args = o.server_args;
  args.insert(args.end(), {"--set", "store.backend=postgres", "--set", "store.postgresUrl=" + url});
  return std::make_unique<Server>(o.inlet, dir, args);
}

// 12a's load made this many commits: each group commit is one transaction, and a row's
// xmin names the transaction that inserted it.
int64_t CommitsOfRecords(const std::string& url) {
  return std::stoll(PostgresSession(url).Run("SELECT count(DISTINCT xmin::text) FROM records"));
}

// The lists of `per_connection` run against node i % kNodes, all at once; one result
// over the whole, timed from the first start to the last end.
LoadResult RunSpread(const std::string& scenario, const std::vector<Server*>& nodes,
                     const std::vector<std::vector<Prepared>>& per_connection, size_t endpoints) {
  std::vector<std::vector<std::vector<Prepared>>> lists(nodes.size());
  for (size_t i = 0; i < per_connection.size(); ++i) {
    lists[i % nodes.size()].push_back(per_connection[i]);
  }
  std::vector<LoadResult> results(nodes.size());
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (size_t n = 0; n < nodes.size(); ++n) {
    threads.emplace_back([&, n] {
      results[n] = RunLoad(scenario, {nodes[n]->port(), nullptr}, lists[n], endpoints);
    });
  }
  for (auto& thread : threads) thread.join();
  LoadResult all;
  all.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  all.accepted_per_endpoint.assign(endpoints, 0);
  for (const LoadResult& result : results) {
    all.requests += result.requests;
    all.records += result.records;
    all.latencies_ms.insert(all.latencies_ms.end(), result.latencies_ms.begin(),
                            result.latencies_ms.end());
    all.samples.insert(all.samples.end(), result.samples.begin(), result.samples.end());
    for (size_t e = 0; e < result.accepted_per_endpoint.size() && e < endpoints; ++e) {
      all.accepted_per_endpoint[e] += result.accepted_per_endpoint[e];
    }
    for (const auto& [status, count] : result.statuses) all.statuses[status] += count;
  }
  return all;
}

// 12d: one job on each node at once, over a third of 12c's records each: their
// golden-record writes take turns, so together they go about as fast as one.
void RunJobsOnEveryNode(Bench& pg, const std::vector<Server*>& nodes, int64_t records,
                        double one_job_rate, Report& report) {
  const std::string name = Format("12d PostgreSQL, a first job on each of %d nodes at once",
                                  static_cast<int>(nodes.size()));
  const int64_t per_job = std::max<int64_t>(1, records / static_cast<int64_t>(nodes.size()));
  std::vector<std::string> endpoints;
  for (size_t i = 0; i < nodes.size(); ++i) {
    endpoints.push_back(JobEndpoint(pg, Format("12d-%zu", i),
                                    static_cast<Stream>(kPostgresJobStreams + i), per_job));
  }
  std::printf("running %s\n", name.c_str());
  std::fflush(stdout);
  std::vector<Job> jobs(nodes.size());
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (size_t i = 0; i < nodes.size(); ++i) {
    threads.emplace_back([&, i] {
      // Tokens are the database's: the first node's admin token is every node's.
      Api api({nodes[i]->port(), nullptr}, pg.server.admin_token());
      double seconds = 0;
      if (auto job = api.RunJob(name, endpoints[i], &seconds)) jobs[i] = *job;
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  int64_t total = 0;
  for (const Job& job : jobs) {
    CheckJob(name, job, per_job);
    total += job.total;
  }
  Row row;
  row.scenario = name;
  row.records_per_s = seconds > 0 ? static_cast<double>(total) / seconds : 0;
  row.note = Format("%lld records in %.1f s from the first start to the last end; %.2f × 12c",
                    static_cast<long long>(total), seconds,
                    one_job_rate > 0 ? row.records_per_s / one_job_rate : -1.0);
  report.Add(row);
}

void CheckPostgresDurability(const Server& server) {
  const std::string durability = server.Durability();
  Expect(durability.find("synchronous=on") != std::string::npos, "12",
         "expected synchronous_commit on: " + durability);
}

}  // namespace

void RunPostgres(Bench& bench) {
  const Options& o = bench.options;
  std::printf("running 12: starting a PostgreSQL cluster\n");
  std::fflush(stdout);
  PostgresCluster cluster(o.work_dir + "/pg", "inlet_bench");
  std::vector<std::unique_ptr<Server>> nodes;
  nodes.push_back(StartNode(o, cluster.url(), 1));
  Server& first = *nodes.front();
  RunAgainst(first, [&] {
    CheckPostgresDurability(first);
    Api api({first.port(), nullptr}, first.admin_token());
    Bench pg(o, first, api, api.CreateIngestToken());

    const std::string a_name = Format("12a PostgreSQL, 1 node, batches of %lld, %d connections",
                                      static_cast<long long>(o.batch), o.batch_connections);
    ShapeResult a = RunShape(pg, {.name = a_name,
                                  .endpoint_prefix = "s12a",
                                  .range = {kPostgresBatchStream, 0, o.s12_records},
                                  .per_request = o.batch,
                                  .connections = o.batch_connections});
    const int64_t commits = CommitsOfRecords(cluster.url());
    const int64_t per_commit = std::max<int64_t>(1, a.load.records / std::max<int64_t>(1, commits));

    std::printf("running ceiling (c): libpq append\n");
    std::fflush(stdout);
    CeilingResult ceiling = PostgresCeiling(cluster.url(), kBatchStream,
                                            std::min(o.s12_records, o.ceiling_records), per_commit);
    pg.ceiling_b = ceiling.records_per_s;
    Row c;
    c.scenario = "(c) PostgreSQL append";
    c.records_per_s = ceiling.records_per_s;
    c.ratio_to_b = 1;
    c.note = Format(
        "%lld records into a copy of the records table (its columns and indexes) with raw "
        "libpq, synchronous_commit on, %.0f MiB/s, %lld records per "
        "transaction as 12a's commits held them (%lld commits for %lld records); the column "
        "'vs (b)' of the rows 12 is their ratio to this one",
        static_cast<long long>(ceiling.records), ceiling.mib_per_s,
        static_cast<long long>(per_commit), static_cast<long long>(commits),
        static_cast<long long>(a.load.records));
    bench.report.Add(c);
    Row row_a = LoadRow(pg, a_name, a.load);
    row_a.note = a.cores + "; " + a.stored +
                 Format("; about %lld records per commit; %.2f × scenario 1 on SQLite (%.0f rec/s)",
                        static_cast<long long>(per_commit),
                        bench.batch_rate > 0 ? row_a.records_per_s / bench.batch_rate : -1.0,
                        bench.batch_rate);
    bench.report.Add(row_a);

    FirstJob job = RunFirstJob(pg, "12c", kPostgresProcessStream, o.s12_process_records);
    Row row_c;
    row_c.scenario = "12c PostgreSQL, a first job on 1 node";
    row_c.records_per_s = job.rate();
    row_c.note =
        Format("%lld records, %lld created and %lld merged in %.1f s",
               static_cast<long long>(job.job.total), static_cast<long long>(job.job.created),
               static_cast<long long>(job.job.merged), job.seconds);
    bench.report.Add(row_c);

    for (int node = 2; node <= kNodes; ++node) nodes.push_back(StartNode(o, cluster.url(), node));
    std::vector<Server*> all;
    for (auto& node : nodes) all.push_back(node.get());
    const std::string b_name = Format("12b PostgreSQL, %d nodes, batches of %lld, %d connections",
                                      kNodes, static_cast<long long>(o.batch), o.batch_connections);
    auto endpoints = CreateEndpoints(pg, "s12b", 4);
    auto lists = PrepareBatches(pg, endpoints, {kPostgresSpreadStream, 0, o.s12_records}, o.batch,
                                o.batch_connections, false);
    std::printf("running %s\n", b_name.c_str());
    std::fflush(stdout);
    CpuMeter cpu(first);
    LoadResult b = RunSpread(b_name, all, lists, endpoints.size());
    Row row_b = LoadRow(pg, b_name, b);
    row_b.note =
        Format("%.2f × 12a; ",
               a.load.seconds > 0 && b.seconds > 0
                   ? (static_cast<double>(b.records) / b.seconds) / row_a.records_per_s
                   : -1.0) +
        "the load's connections spread round-robin over the nodes; the first node: " + cpu.Note() +
        "; " + VerifyStored(pg, b_name, endpoints, b);
    bench.report.Add(row_b);

    RunJobsOnEveryNode(pg, all, o.s12_process_records, job.rate(), bench.report);
  });
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) StopServer(**it);
}

}  // namespace inlet::bench
