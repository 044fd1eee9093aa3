#include "load.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api.h"
#include "checks.h"
#include "http_client.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

// First, middle and last request of a connection: the first meet an empty table, the
// last a full one, and the middle ones whatever group commit made of them.
bool IsSampled(size_t index, size_t count) {
  return index == 0 || index == count / 2 || index + 1 == count;
}

}  // namespace

double LoadResult::Percentile(double p) const {
  if (latencies_ms.empty()) return -1;
  std::vector<double> sorted = latencies_ms;
  std::sort(sorted.begin(), sorted.end());
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()));
  return sorted[std::min(rank, sorted.size() - 1)];
}

std::string IngestRequest(const std::string& endpoint_id, const std::string& token,
                          const std::string& body, bool gzip) {
  Headers headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  if (gzip) headers.emplace_back("Content-Encoding", "gzip");
  return FormatRequest("POST", "/upload/api/endpoint/" + endpoint_id, headers, body);
}

std::string CheckIngestAnswer(const std::string& scenario, int status, const std::string& body,
                              const RecordRange& range) {
  const int64_t accepted = IntMember(body, "accepted");
  const int64_t received = IntMember(body, "received");
  const int64_t rejected = IntMember(body, "rejected");
  const std::string receipt = StringMember(body, "receiptId");
  const bool ok = status == 200 && accepted == range.count && received == range.count &&
                  rejected == 0 && body.find("\"warning\":false") != std::string::npos &&
                  !receipt.empty();
  if (!ok) {
    Fail(scenario, "answer " + std::to_string(status) + " for " + std::to_string(range.count) +
                       " records: " + body.substr(0, 400));
    return "";
  }
  return receipt;
}

LoadResult RunLoad(const std::string& scenario, Peer peer,
                   const std::vector<std::vector<Prepared>>& per_connection, size_t endpoints,
                   const std::atomic<bool>* stop) {
  const size_t n = per_connection.size();
  std::vector<LoadResult> partial(n);
  std::mutex mutex;
  std::condition_variable cv;
  size_t ready = 0;
  bool go = false;
  Clock::time_point start;

  auto worker = [&](size_t c) {
    LoadResult& mine = partial[c];
    mine.accepted_per_endpoint.assign(endpoints, 0);
    mine.latencies_ms.reserve(per_connection[c].size());
    Connection connection(peer);
    {
      std::unique_lock lock(mutex);
      if (++ready == n) {
        go = true;
        start = Clock::now();
        cv.notify_all();
      }
      cv.wait(lock, [&] { return go; });
    }
    const auto& list = per_connection[c];
    for (size_t i = 0; i < list.size(); ++i) {
      if (stop != nullptr && stop->load()) break;
      const Prepared& request = list[i];
      const auto sent = Clock::now();
      Response response = connection.RoundTrip(request.wire);
      mine.latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
      ++mine.statuses[response.status];
      std::string receipt =
          CheckIngestAnswer(scenario, response.status, response.body, request.range);
      if (receipt.empty()) continue;
      ++mine.requests;
      mine.records += request.range.count;
      mine.accepted_per_endpoint[request.endpoint] += request.range.count;
      if (IsSampled(i, list.size())) {
        mine.samples.push_back({request.endpoint, std::move(receipt), request.range});
      }
    }
  };

  std::vector<std::thread> threads;
  for (size_t c = 0; c < n; ++c) threads.emplace_back(worker, c);
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  LoadResult total;
  total.seconds = seconds;
  total.accepted_per_endpoint.assign(endpoints, 0);
  for (LoadResult& part : partial) {
    total.requests += part.requests;
    total.records += part.records;
    total.latencies_ms.insert(total.latencies_ms.end(), part.latencies_ms.begin(),
                              part.latencies_ms.end());
    for (size_t e = 0; e < endpoints; ++e) {
      total.accepted_per_endpoint[e] += part.accepted_per_endpoint[e];
    }
    for (auto& sample : part.samples) total.samples.push_back(std::move(sample));
    for (const auto& [status, count] : part.statuses) total.statuses[status] += count;
  }
  return total;
}

}  // namespace inlet::bench
