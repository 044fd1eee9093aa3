// inlet_bench: starts inlet, drives the scenarios of issue 5 through real HTTP on
// loopback, checks everything the server answered and stored, and prints one table.
// See docs/performance.md.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench.h"
#include "checks.h"

namespace inlet::bench {
namespace {

constexpr const char* kUsage = R"(usage: inlet_bench --inlet PATH [options]
  --smoke               tiny sizes (~20 s): checks correctness, judges no target
  --work-dir DIR        parent of the temporary directory (default $TMPDIR or /tmp)
  --keep                keep the temporary directory (server data and logs)
  --s1-records N        scenario 1 records (default 1024000)
  --s2-requests N       scenario 2 requests (default 128000)
  --s3-records N        scenario 3 records per request (default 100000)
  --s3-repeats N        scenario 3 requests, one after another (default 3)
  --s4-uploads N        scenario 4 concurrent uploads (default 64)
  --s4-records N        scenario 4 records per upload (default 100000)
  --s5-records N        scenario 5 and 6 stored records (default 1000000)
  --s9-records N        scenario 9 records sharing one identifier (default 200000)
  --s7-fraction F       scenario 7 share of scenarios 1 and 2 (default 0.5)
  --s11-records N       scenario 11 records in the file inlet post sends (default 2000000)
  --s12-records N       scenario 12a and 12b records each, on PostgreSQL (default 512000)
  --s12-process-records N
                        scenario 12c records of the job on PostgreSQL (default 200000)
  --ceiling-records N   ceiling (b) records (default 1024000)
  --commit-records N    ceiling (b) records per transaction (default: records per
                        commit of inlet.db measured during scenario 1)
  --parser-bodies N     ceiling (a) bodies of 1,000 records (default 200)
  --inflight-mib N      the server's limits.inflightBodyBytes (default 512)
  --scenarios LIST      which scenarios to run, e.g. 1,2 (default 1,2,3,4,5,6,7,8,9,10,11,12);
                        the ceilings always run, 1 with 6 and 11, 1 and 2 with 8, 5 with 10
  --profile CMD         run CMD around each scenario's load ({pid}: the server's pid,
                        {scenario}: 1, 2, 7a, 8b…), stopped with SIGINT when the load ends,
                        e.g. 'perf record -g -p {pid} -o /tmp/perf.{scenario}.data'
)";

// Sized for about 20 s in the Debug + sanitizer build that scripts/test.sh makes, with
// every kind of request and check still exercised.
void ApplySmokeSizes(Options& o) {
  o.s1_records = 8000;
  o.s2_requests = 400;
  o.s3_records = 5000;
  o.s3_repeats = 1;
  o.s4_uploads = 6;
  o.s4_records = 10000;
  o.s5_records = 2000;
  o.s9_records = 2000;
  o.s11_records = 20000;
  o.s12_records = 8000;
  o.s12_process_records = 2000;
  o.parser_bodies = 10;
  o.ceiling_records = 16000;
  // Six ~2.9 MiB uploads against an 8 MiB ceiling: some must get 503, while all of
  // scenario 1's ~290 KiB bodies still fit at once.
  o.inflight_mib = 8;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--smoke") ApplySmokeSizes(o);
  }
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
      return argv[++i];
    };
    auto number = [&] { return std::stoll(value()); };
    if (flag == "--help" || flag == "-h") {
      std::printf("%s", kUsage);
      std::exit(0);
    } else if (flag == "--smoke") {
      o.smoke = true;
    } else if (flag == "--keep") {
      o.keep = true;
    } else if (flag == "--inlet") {
      o.inlet = value();
    } else if (flag == "--work-dir") {
      o.work_dir = value();
    } else if (flag == "--s1-records") {
      o.s1_records = number();
    } else if (flag == "--s2-requests") {
      o.s2_requests = number();
    } else if (flag == "--s3-records") {
      o.s3_records = number();
    } else if (flag == "--s3-repeats") {
      o.s3_repeats = static_cast<int>(number());
    } else if (flag == "--s4-uploads") {
      o.s4_uploads = static_cast<int>(number());
    } else if (flag == "--s4-records") {
      o.s4_records = number();
    } else if (flag == "--s5-records") {
      o.s5_records = number();
    } else if (flag == "--s9-records") {
      o.s9_records = number();
    } else if (flag == "--s11-records") {
      o.s11_records = number();
    } else if (flag == "--s12-records") {
      o.s12_records = number();
    } else if (flag == "--s12-process-records") {
      o.s12_process_records = number();
    } else if (flag == "--s7-fraction") {
      o.s7_fraction = std::stod(value());
    } else if (flag == "--ceiling-records") {
      o.ceiling_records = number();
    } else if (flag == "--commit-records") {
      o.commit_records = number();
    } else if (flag == "--parser-bodies") {
      o.parser_bodies = number();
    } else if (flag == "--scenarios") {
      o.scenarios = value();
    } else if (flag == "--profile") {
      o.profile = value();
    } else if (flag == "--inflight-mib") {
      o.inflight_mib = number();
    } else {
      throw std::invalid_argument("unknown option " + flag);
    }
  }
  if (o.inlet.empty()) throw std::invalid_argument("--inlet is required");
  if (o.s1_records < 1 || o.s2_requests < 1 || o.s3_records < 1 || o.s3_repeats < 1 ||
      o.s4_uploads < 1 || o.s4_records < 1 || o.s5_records < 100 || o.s9_records < 4 ||
      o.s11_records < 1 || o.s12_records < 1 || o.s12_process_records < 100) {
    throw std::invalid_argument("sizes must be positive (--s5-records at least 100)");
  }
  // Only the in-flight ceiling differs from the defaults, and only when asked (or in
  // smoke mode).
  if (o.inflight_mib != 512) {
    const std::string mib = std::to_string(o.inflight_mib) + "MiB";
    o.server_args = {"--set", "limits.inflightBodyBytes=" + mib};
    // The wire limit (64 MiB by default) may not exceed the in-flight ceiling.
    if (o.inflight_mib < 64) {
      o.server_args.insert(o.server_args.end(), {"--set", "limits.bodyWireBytes=" + mib});
    }
  }
  return o;
}

std::string MakeWorkDir(const std::string& parent) {
  std::string base = parent;
  if (base.empty()) base = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  std::string pattern = base + "/inlet-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a directory under " + base);
  }
  return pattern;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown CPU";
}

void RunScenarios(Bench& bench) {
  const Options& o = bench.options;
  // Scenarios 6 and 11 are judged against 1, and 8 against 1 and 2.
  if (o.Runs("1") || o.Runs("6") || o.Runs("8") || o.Runs("11")) RunBatches(bench, false);
  RunCeilings(bench);
  if (o.Runs("2") || o.Runs("8")) RunSingles(bench, false);
  if (o.Runs("3")) RunLargeBody(bench);
  if (o.Runs("4")) RunConcurrentUploads(bench);
  if (o.Runs("5") || o.Runs("6") || o.Runs("10")) RunProcessing(bench);
  if (o.Runs("10")) RunGoldenOut(bench);
  if (o.Runs("7")) {
    RunBatches(bench, true);
    RunSingles(bench, true);
  }
  if (o.Runs("9")) RunOneIdentifier(bench);
  if (o.Runs("11")) RunCliPost(bench);
}

int RunIn(Options& o) {
  const auto start = std::chrono::steady_clock::now();
  std::printf(
      "inlet benchmark, %s mode: %s\nmachine: %u cores (%s), shared by the server "
      "and the load generator\nwork dir: %s\n",
      o.smoke ? "smoke" : "full", o.inlet.c_str(), std::thread::hardware_concurrency(),
      CpuModel().c_str(), o.work_dir.c_str());
  Server server(o.inlet, o.work_dir, o.server_args);
  const std::string durability = server.Durability();
  std::printf("server pid %d on 127.0.0.1:%u, %s\n", static_cast<int>(server.pid()), server.port(),
              durability.c_str());
  std::fflush(stdout);
  CheckDurability(server);
  Api api({server.port(), nullptr}, server.admin_token());
  Bench bench(o, server, api, api.CreateIngestToken());
  try {
    RunAgainst(server, [&] { RunScenarios(bench); });
    // Scenario 8 has a server of its own; this one, stopped, takes no CPU or disk from it.
    StopServer(server);
    if (o.Runs("8")) RunTls(bench);
    if (o.Runs("11")) RunCliPostUnderRefusals(bench);
    if (o.Runs("12")) RunPostgres(bench);
  } catch (const std::exception&) {
    bench.report.Print(bench.judged());
    throw;
  }

  bench.report.Print(bench.judged());
  std::printf("durability: %s (every 200 above was answered after its commit)\n",
              durability.c_str());
  const int failures = FailureCount();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s in %.0f s: %d check(s) failed\n", failures == 0 ? "PASSED" : "FAILED", seconds,
              failures);
  return failures == 0 ? 0 : 1;
}

// The data directory of a full run holds gigabytes: it goes, whatever happened, unless
// --keep asks otherwise.
int Run(Options& o) {
  o.work_dir = MakeWorkDir(o.work_dir);
  int exit_code = 1;
  try {
    exit_code = RunIn(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "inlet_bench: %s\n", e.what());
  }
  if (o.keep) {
    std::printf("kept %s\n", o.work_dir.c_str());
  } else {
    std::filesystem::remove_all(o.work_dir);
  }
  return exit_code;
}

}  // namespace
}  // namespace inlet::bench

int main(int argc, char** argv) {
  // OpenSSL writes with write(2): a server that closed first must be an error to the TLS
  // client, not SIGPIPE. Children get the default back before exec.
  std::signal(SIGPIPE, SIG_IGN);
  inlet::bench::Options options;
  try {
    options = inlet::bench::ParseOptions(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n%s", e.what(), inlet::bench::kUsage);
    return 2;
  }
  try {
    return inlet::bench::Run(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "inlet_bench: %s\n", e.what());
    return 1;
  }
}
