// GET /metrics (SPEC §6): Prometheus text with requests by route and status, the latency
// histogram and the connection and in-flight body gauges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "support/server_process.h"

namespace inlet::testing {
namespace {

using ::testing::HasSubstr;

// The value of the sample whose name and labels are exactly `series`; -1 when absent.
double Sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

TEST(Metrics, CountsRequestsAndExposesGauges) {
  ServerProcess server;
  ASSERT_EQ(server.RequestAs("", "GET", "/healthz").status, 200);
  ASSERT_EQ(server.RequestAs("", "GET", "/healthz").status, 200);
  ASSERT_EQ(server.RequestAs("", "GET", "/api/v1/endpoints").status, 401);

  // A request is counted once its answer is written, which may be a moment after the
  // client has read it; so the scrape is repeated until the counts settle.
  const std::string healthz_200 = R"(inlet_http_requests_total{route="GET /healthz",status="200"})";
  const std::string endpoints_401 =
      R"(inlet_http_requests_total{route="GET /api/v1/endpoints",status="401"})";
  HttpResponse response;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  do {
    response = server.RequestAs("", "GET", "/metrics");
    ASSERT_EQ(response.status, 200);
    if (Sample(response.body, healthz_200) >= 2 && Sample(response.body, endpoints_401) >= 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(response.Header("content-type").rfind("text/plain", 0), 0u)
      << response.Header("content-type");
  const std::string& text = response.body;
  EXPECT_THAT(text, HasSubstr("# TYPE inlet_http_requests_total counter"));
  EXPECT_EQ(Sample(text, healthz_200), 2) << text;
  EXPECT_EQ(Sample(text, endpoints_401), 1) << text;

  EXPECT_THAT(text, HasSubstr("# TYPE inlet_http_request_duration_seconds histogram"));
  EXPECT_EQ(
      Sample(text, R"(inlet_http_request_duration_seconds_bucket{route="GET /healthz",le="+Inf"})"),
      2)
      << text;
  EXPECT_EQ(Sample(text, R"(inlet_http_request_duration_seconds_count{route="GET /healthz"})"), 2);
  EXPECT_GE(Sample(text, R"(inlet_http_request_duration_seconds_sum{route="GET /healthz"})"), 0);

  // The connection asking for the metrics is itself open.
  EXPECT_GE(Sample(text, "inlet_http_open_connections"), 1) << text;
  EXPECT_EQ(Sample(text, "inlet_http_inflight_body_bytes"), 0) << text;
}

}  // namespace
}  // namespace inlet::testing
