// Scenario 11 (issue 13): `inlet post` of one NDJSON.gz file, as a user sends a large
// export. 11a against the benchmark's server, judged against scenario 1 of the same run;
// 11b against a server of its own whose 1 MiB in-flight ceiling refuses most batches with
// 503, which the client must retry until every record is stored exactly once.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

#include "bench.h"
#include "checks.h"
#include "records.h"

extern char** environ;

namespace inlet::bench {
namespace {

// Writes `records` records of kCliStream as NDJSON, gzipped as `gzip -1` would.
void WriteNdjsonGz(const std::string& path, int64_t records) {
  gzFile file = gzopen(path.c_str(), "wb1");
  if (!file) throw std::runtime_error("cannot write " + path);
  std::string chunk;
  for (int64_t i = 0; i < records; ++i) {
    AppendRecord(chunk, kCliStream, i, 0, Emails::kOwn);
    chunk += '\n';
    if (chunk.size() >= (1 << 20) || i + 1 == records) {
      if (gzwrite(file, chunk.data(), static_cast<unsigned>(chunk.size())) == 0) {
        gzclose(file);
        throw std::runtime_error("cannot write " + path);
      }
      chunk.clear();
    }
  }
  if (gzclose(file) != Z_OK) throw std::runtime_error("cannot finish " + path);
}

struct PostRun {
  int exit_code = -1;
  double seconds = 0;
  double peak_rss_mib = 0;  // of the client
  std::string summary;      // its last line on stdout
  int64_t retries = -1;
  int64_t stored = -1;  // the endpoint's recordCount afterwards
};

// Runs `inlet post` to completion, its stdout and stderr in files of `dir`.
PostRun RunPost(const std::string& inlet, const std::string& dir, uint16_t port,
                const std::string& token, const std::string& endpoint_id, const std::string& file,
                const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      inlet,     "post", "--server",   Format("http://127.0.0.1:%u", port),
      "--token", token,  "--endpoint", endpoint_id};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(file);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string out = dir + "/post.out";
  const std::string err = dir + "/post.err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, inlet.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + inlet + " post");
  // The peak resident set of the client's own image: wait4's ru_maxrss would also count
  // this process's, which the child shared between the spawn and its exec.
  int status = 0;
  int64_t peak_kib = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    peak_kib = std::max(peak_kib, ProcStatusKib(pid, "VmHWM"));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  PostRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.peak_rss_mib = MiB(peak_kib);
  std::ifstream printed(out);
  for (std::string line; std::getline(printed, line);) run.summary = line;
  std::smatch retries;
  if (std::regex_search(run.summary, retries, std::regex("; (\\d+) retr"))) {
    run.retries = std::stoll(retries[1]);
  }
  if (run.exit_code != 0) {
    std::ifstream errors(err);
    std::string text((std::istreambuf_iterator<char>(errors)), {});
    run.summary += " | stderr: " + text.substr(0, 600);
  }
  return run;
}

// Sends the file to a new endpoint of `api`'s server and checks what was stored.
PostRun PostAndCheck(Bench& bench, Api& api, uint16_t port, const std::string& scenario,
                     const std::string& file, int64_t records,
                     const std::vector<std::string>& extra) {
  const std::string endpoint = api.CreateEndpoint("s" + scenario);
  const std::string token = api.CreateIngestToken();
  PostRun run =
      RunPost(bench.options.inlet, bench.options.work_dir, port, token, endpoint, file, extra);
  Expect(run.exit_code == 0, scenario,
         Format("inlet post exited %d: %s", run.exit_code, run.summary.c_str()));
  const int64_t stored = run.stored = api.RecordCount(endpoint);
  Expect(stored == records, scenario,
         Format("%lld records stored of %lld sent", static_cast<long long>(stored),
                static_cast<long long>(records)));
  std::printf("scenario %s: %s\n", scenario.c_str(), run.summary.c_str());
  std::fflush(stdout);
  return run;
}

}  // namespace

void RunCliPost(Bench& bench) {
  const Options& o = bench.options;
  const std::string file = o.work_dir + "/s11.ndjson.gz";
  WriteNdjsonGz(file, o.s11_records);
  const auto file_mib = static_cast<double>(std::filesystem::file_size(file)) / (1 << 20);

  bench.server.ResetPeak();
  PostRun a = PostAndCheck(bench, bench.api, bench.server.port(), "11a", file, o.s11_records, {});
  Row row_a;
  row_a.scenario =
      Format("11a inlet post, NDJSON.gz of %lld records", static_cast<long long>(o.s11_records));
  row_a.records_per_s = a.seconds > 0 ? static_cast<double>(o.s11_records) / a.seconds : 0;
  row_a.peak_rss_mib = a.peak_rss_mib;
  row_a.ratio_to_b = bench.Ratio(row_a.records_per_s);
  const double to_s1 = bench.batch_rate > 0 ? row_a.records_per_s / bench.batch_rate : -1;
  row_a.note = Format(
      "peak RSS is the client's (the server's: %.0f MiB); %.2f × scenario 1 (%.0f rec/s in "
      "this run); a %.0f MiB file, the client's defaults (batches of 10000, 2 in parallel, "
      "gzip); exit code %d, %lld records stored (recordCount)",
      MiB(bench.server.PeakRssKib()), to_s1, bench.batch_rate, file_mib, a.exit_code,
      static_cast<long long>(a.stored));
  bench.report.Add(row_a);
}

void RunCliPostUnderRefusals(Bench& bench) {
  const Options& o = bench.options;
  const std::string dir = o.work_dir + "/s11b";
  std::filesystem::create_directory(dir);
  std::vector<std::string> args = o.server_args;
  args.insert(args.end(),
              {"--set", "limits.inflightBodyBytes=1MiB", "--set", "limits.bodyWireBytes=1MiB"});
  Server server(o.inlet, dir, args);
  RunAgainst(server, [&] {
    Api api({server.port(), nullptr}, server.admin_token());
    PostRun b = PostAndCheck(bench, api, server.port(), "11b", o.work_dir + "/s11.ndjson.gz",
                             o.s11_records, {"--parallel", "4"});
    const std::string metrics = api.Get("/metrics").body;
    int64_t refused = 0;
    std::smatch line;
    for (auto it = metrics.cbegin();
         std::regex_search(it, metrics.cend(), line,
                           std::regex("\ninlet_http_requests_total\\{[^\n]*status=\"503\"[^\n]*\\} "
                                      "(\\d+)"));
         it = line.suffix().first) {
      refused += std::stoll(line[1]);
    }
    Expect(b.retries > 0, "11b", "the 1 MiB ceiling refused nothing: " + b.summary);
    Row row;
    row.scenario = "11b inlet post, 1 MiB in-flight ceiling, 4 in parallel";
    row.records_per_s = b.seconds > 0 ? static_cast<double>(o.s11_records) / b.seconds : 0;
    row.peak_rss_mib = b.peak_rss_mib;
    row.ratio_to_b = bench.Ratio(row.records_per_s);
    row.note = Format(
        "the server answered 503 %lld times, the client retried %lld times; exit code %d, "
        "%lld records stored (recordCount); peak RSS is the client's",
        static_cast<long long>(refused), static_cast<long long>(b.retries), b.exit_code,
        static_cast<long long>(b.stored));
    bench.report.Add(row);
  });
  StopServer(server);
}

}  // namespace inlet::bench
