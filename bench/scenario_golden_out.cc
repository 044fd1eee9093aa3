// Scenario 10 (issue 12): golden records leaving the server, over the golden records
// scenario 5 (and 6) made: the change feed read from its start by a new consumer, and an
// NDJSON export of every golden record, with how much the server's resident memory grows
// while it streams; and what writing the feed costs a first processing job (10c, on
// servers of their own).
#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_set>

#include "bench.h"
#include "checks.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct FeedRead {
  int64_t changes = 0, upserts = 0, deletes = 0, pages = 0;
  std::unordered_set<std::string> upserted;  // ids, each expected once
  double seconds = 0;
};

// GET /api/v1/changes from the start, a page of 1,000 at a time, until a page is empty.
FeedRead ReadFeed(Bench& bench) {
  FeedRead read;
  std::string cursor;
  const auto start = Clock::now();
  for (;;) {
    Response page =
        bench.api.Get("/api/v1/changes?limit=1000" + (cursor.empty() ? "" : "&after=" + cursor));
    Expect(page.status == 200, "10a",
           "GET /api/v1/changes answered " + std::to_string(page.status));
    if (page.status != 200) break;
    const nlohmann::json answer = nlohmann::json::parse(page.body);
    ++read.pages;
    cursor = answer.at("next").get<std::string>();
    if (answer.at("items").empty()) break;
    for (const auto& item : answer.at("items")) {
      ++read.changes;
      if (item.at("op") == "upsert") {
        ++read.upserts;
        const bool fresh = read.upserted.insert(item.at("entityId").get<std::string>()).second;
        Expect(fresh, "10a",
               "golden record " + item.at("entityId").get<std::string>() + " delivered twice");
      } else {
        ++read.deletes;
      }
    }
  }
  read.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return read;
}

// A first job over `records` fresh customers on a server of its own, with the change feed
// on or off (retention.changesDays 0): records/s.
double FirstJobRate(Bench& bench, bool feed, int64_t records, int round) {
  const Options& o = bench.options;
  const std::string dir = o.work_dir + Format("/feed-%s-%d", feed ? "on" : "off", round);
  std::filesystem::create_directory(dir);
  std::vector<std::string> args = o.server_args;
  if (!feed) args.insert(args.end(), {"--set", "retention.changesDays=0"});
  Server server(o.inlet, dir, args);
  double rate = 0;
  RunAgainst(server, [&] {
    Api api({server.port(), nullptr}, server.admin_token());
    Bench alone(o, server, api, api.CreateIngestToken());
    rate = RunFirstJob(alone, "10c", kFeedCostStream, records).rate();
    const int changes_status = api.Get("/api/v1/changes?limit=1").status;
    Expect(changes_status == (feed ? 200 : 404), "10c",
           Format("GET /api/v1/changes answered %d with the feed %s", changes_status,
                  feed ? "on" : "off"));
    StopServer(server);
  });
  return rate;
}

// What writing the change feed costs processing: alternated, so that both meet the
// machine in the same state, and the best of each kept.
void RunFeedCost(Bench& bench) {
  const int64_t records = std::max<int64_t>(bench.options.s5_records / 10, 1000);
  std::printf("running 10c: a first job of %lld records with the change feed and without\n",
              static_cast<long long>(records));
  std::fflush(stdout);
  double with_feed = 0, without_feed = 0;
  for (int round = 0; round < 2; ++round) {
    without_feed = std::max(without_feed, FirstJobRate(bench, false, records, round));
    with_feed = std::max(with_feed, FirstJobRate(bench, true, records, round));
  }
  Row row;
  row.scenario = "10c processing, change feed on";
  row.records_per_s = with_feed;
  const double ratio = without_feed > 0 ? with_feed / without_feed : -1;
  row.target = "≥ 0.90 × the rate without the feed";
  row.met = ratio >= 0.9;
  row.note = Format(
      "%lld records, best of two fresh servers each: %.0f rec/s with the feed, %.0f without "
      "(retention.changesDays 0): %.2f",
      static_cast<long long>(records), with_feed, without_feed, ratio);
  bench.report.Add(row);
}

}  // namespace

void RunGoldenOut(Bench& bench) {
  std::printf("running 10: the change feed from its start, and an NDJSON export\n");
  std::fflush(stdout);
  std::optional<Profiler> profiler(std::in_place, bench.options, bench.server, "10a");
  const FeedRead feed = ReadFeed(bench);
  profiler.reset();
  Row a;
  a.scenario = "10a change feed from the start";
  a.records_per_s = static_cast<double>(feed.changes) / feed.seconds;
  a.target = "every live golden record once";
  a.note = Format("%lld changes (%lld upserts, %lld deletes) in %lld pages, %.2f s",
                  static_cast<long long>(feed.changes), static_cast<long long>(feed.upserts),
                  static_cast<long long>(feed.deletes), static_cast<long long>(feed.pages),
                  feed.seconds);

  const int64_t base_kib = bench.server.RssKib();
  bench.server.ResetPeak();
  int64_t lines = 0, bytes = 0;
  profiler.emplace(bench.options, bench.server, "10b");
  const auto start = Clock::now();
  Response exported =
      bench.api.GetStreamed("/api/v1/entities/export?format=ndjson", [&](std::string_view piece) {
        bytes += static_cast<int64_t>(piece.size());
        for (char c : piece) lines += c == '\n';
      });
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  profiler.reset();
  const double growth_mib = MiB(bench.server.PeakRssKib() - base_kib);
  Expect(exported.status == 200, "10b",
         "GET /api/v1/entities/export answered " + std::to_string(exported.status));
  Expect(lines == feed.upserts, "10b",
         Format("the export has %lld golden records, the change feed %lld",
                static_cast<long long>(lines), static_cast<long long>(feed.upserts)));
  a.met = lines == feed.upserts;
  bench.report.Add(a);

  Row b;
  b.scenario = "10b export, NDJSON";
  b.records_per_s = static_cast<double>(lines) / seconds;
  b.peak_rss_mib = MiB(bench.server.PeakRssKib());
  b.target = "peak RSS growth < 64 MiB";
  b.met = growth_mib < 64;
  b.note = Format("%lld golden records, %.0f MiB in %.2f s; resident memory grew %.1f MiB",
                  static_cast<long long>(lines), static_cast<double>(bytes) / (1 << 20), seconds,
                  growth_mib);
  bench.report.Add(b);
  RunFeedCost(bench);
}

}  // namespace inlet::bench
