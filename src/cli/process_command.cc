// `inlet process --endpoint ID [--wait]`: starts a processing job and, with --wait,
// follows it until it ends.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/command_parts.h"
#include "inlet/cli/progress_line.h"

namespace inlet::cli {
namespace {

using nlohmann::json;

int64_t Count(const json& job, const char* member) {
  auto it = job.find(member);
  return it != job.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string State(const json& job) { return job.value("state", std::string()); }

std::string JobLine(const json& job) {
  return "job " + job.value("id", std::string()) + " " + State(job) + ": " +
         std::to_string(Count(job, "done")) + " of " + std::to_string(Count(job, "total")) +
         " records; " + std::to_string(Count(job, "created")) + " created, " +
         std::to_string(Count(job, "merged")) + " merged, " +
         std::to_string(Count(job, "unchanged")) + " unchanged, " +
         std::to_string(Count(job, "failed")) + " failed";
}

}  // namespace

int RunProcess(const ClientCommand& command, HttpClient& client, std::ostream& out) {
  auto started = client.Send(
      {"POST", "/api/v1/endpoints/" + PercentEncode(command.endpoint_id) + "/process", {}, {}});
  if (!Succeeded(started)) return 1;
  json job = json::parse(started->body, nullptr, false);
  if (!job.is_object() || !job.contains("id")) return ReportFailure(started);
  if (!command.wait) {
    out << (command.json ? started->body : job.value("id", std::string())) << "\n";
    return 0;
  }
  const bool on_terminal = ::isatty(STDERR_FILENO) == 1;
  const auto begun = std::chrono::steady_clock::now();
  const std::string target = "/api/v1/jobs/" + PercentEncode(job.value("id", std::string()));
  std::string body = started->body;
  while (State(job) == "queued" || State(job) == "running") {
    if (on_terminal) std::cerr << "\r\x1b[K" << JobLine(job) << std::flush;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto polled = client.Send({"GET", target, {}, {}});
    if (!Succeeded(polled)) return 1;
    json next = json::parse(polled->body, nullptr, false);
    if (!next.is_object()) return ReportFailure(polled);
    job = std::move(next);
    body = polled->body;
  }
  if (on_terminal) std::cerr << "\r\x1b[K";
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
  if (command.json) {
    out << body << "\n";
  } else {
    out << JobLine(job) << " in " << Duration(seconds) << "\n";
  }
  if (State(job) == "done") return 0;
  std::cerr << "inlet: the job ended " << State(job) << ": " << job.value("message", std::string())
            << "\n";
  return 1;
}

}  // namespace inlet::cli
