#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <functional>
#include <string>

#include "inlet/config/config.h"
#include "test_util.h"

namespace inlet::config {
namespace {

struct Case {
  std::string what;
  std::function<void(Config&)> change;
  bool valid;
  std::string mentions = "";  // for invalid cases: the message must name this
};

class ValidateTest : public ::testing::TestWithParam<Case> {};

TEST_P(ValidateTest, ChecksRangesAndConsistency) {
  const Case& c = GetParam();
  Config config;
  c.change(config);
  Status status = Validate(config);
  if (c.valid) {
    EXPECT_TRUE(status.ok()) << status.message();
  } else {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Contains(status.message(), c.mentions));
  }
}

constexpr uint64_t kMiB = 1ull << 20;

INSTANTIATE_TEST_SUITE_P(
    Config, ValidateTest,
    ::testing::Values(
        Case{"defaults", [](Config&) {}, true},
        Case{"port 0 picks a free port", [](Config& c) { c.server.port = 0; }, true},
        Case{"port 65535", [](Config& c) { c.server.port = 65535; }, true},
        Case{"host empty", [](Config& c) { c.server.host = ""; }, false, "server.host"},
        Case{"threads 0", [](Config& c) { c.server.threads = 0; }, false, "server.threads"},
        Case{"threads 1", [](Config& c) { c.server.threads = 1; }, true},
        Case{"threads 256", [](Config& c) { c.server.threads = 256; }, true},
        Case{"threads 257", [](Config& c) { c.server.threads = 257; }, false, "server.threads"},
        Case{"threads negative", [](Config& c) { c.server.threads = -4; }, false,
             "server.threads: expected an integer from 1 to 256, got -4"},
        Case{"maxConnections 0", [](Config& c) { c.server.max_connections = 0; }, false,
             "server.maxConnections"},
        Case{"headerLimitBytes 1023", [](Config& c) { c.server.header_limit_bytes = 1023; }, false,
             "server.headerLimitBytes"},
        Case{"headerLimitBytes huge", [](Config& c) { c.server.header_limit_bytes = UINT64_MAX; },
             false, "server.headerLimitBytes"},
        Case{"readTimeoutMs 99", [](Config& c) { c.server.read_timeout_ms = 99; }, false,
             "server.readTimeoutMs"},
        Case{"idleTimeoutMs 0", [](Config& c) { c.server.idle_timeout_ms = 0; }, false,
             "server.idleTimeoutMs"},
        Case{"shutdownDeadlineMs 0", [](Config& c) { c.server.shutdown_deadline_ms = 0; }, false,
             "server.shutdownDeadlineMs"},
        Case{"TLS certificate alone", [](Config& c) { c.server.tls_certificate = "cert.pem"; },
             false, "server.tlsPrivateKey"},
        Case{"TLS key alone", [](Config& c) { c.server.tls_private_key = "key.pem"; }, false,
             "server.tlsCertificate"},
        Case{"TLS both",
             [](Config& c) {
               c.server.tls_certificate = "cert.pem";
               c.server.tls_private_key = "key.pem";
             },
             true},
        Case{"TLS client CA without HTTPS", [](Config& c) { c.server.tls_client_ca = "ca.pem"; },
             false, "server.tlsClientCa"},
        Case{"TLS minimum version 1.1", [](Config& c) { c.server.tls_min_version = "1.1"; }, false,
             "server.tlsMinVersion"},
        Case{"requestDeadlineMs 0", [](Config& c) { c.server.request_deadline_ms = 0; }, false,
             "server.requestDeadlineMs"},
        Case{"publicUrl https", [](Config& c) { c.server.public_url = "https://x.example"; }, true},
        Case{"publicUrl with path",
             [](Config& c) { c.server.public_url = "http://x.example:8080/inlet"; }, true},
        Case{"publicUrl trailing slash",
             [](Config& c) { c.server.public_url = "https://x.example/"; }, false,
             "server.publicUrl: remove the trailing slash"},
        Case{"publicUrl without scheme", [](Config& c) { c.server.public_url = "x.example"; },
             false, "server.publicUrl"},
        Case{"bodyWireBytes 0", [](Config& c) { c.limits.body_wire_bytes = 0; }, false,
             "limits.bodyWireBytes"},
        Case{"bodyDecodedBytes 0", [](Config& c) { c.limits.body_decoded_bytes = 0; }, false,
             "limits.bodyDecodedBytes"},
        Case{"decoded below wire is allowed",
             [](Config& c) {
               c.limits.body_wire_bytes = 10 * kMiB;
               c.limits.body_decoded_bytes = kMiB;
             },
             true},
        Case{"inflight below 1 MiB",
             [](Config& c) {
               c.limits.body_wire_bytes = 1024;
               c.limits.inflight_body_bytes = kMiB - 1;
             },
             false, "limits.inflightBodyBytes"},
        Case{"inflight 1 MiB",
             [](Config& c) {
               c.limits.body_wire_bytes = kMiB;
               c.limits.inflight_body_bytes = kMiB;
             },
             true},
        Case{"wire above inflight",
             [](Config& c) {
               c.limits.body_wire_bytes = 2 * kMiB;
               c.limits.inflight_body_bytes = kMiB;
             },
             false, "limits.bodyWireBytes (2097152) must not exceed limits.inflightBodyBytes"},
        Case{"maxRecords 0", [](Config& c) { c.limits.max_records = 0; }, false,
             "limits.maxRecords"},
        Case{"maxColumns 0", [](Config& c) { c.limits.max_columns = 0; }, false,
             "limits.maxColumns"},
        Case{"maxNameLength 0", [](Config& c) { c.limits.max_name_length = 0; }, false,
             "limits.maxNameLength"},
        Case{"maxNameLength 1", [](Config& c) { c.limits.max_name_length = 1; }, true},
        Case{"maxNameLength 251", [](Config& c) { c.limits.max_name_length = 251; }, false,
             "limits.maxNameLength"},
        Case{"maxDepth 0", [](Config& c) { c.limits.max_depth = 0; }, false, "limits.maxDepth"},
        Case{"maxDepth 1", [](Config& c) { c.limits.max_depth = 1; }, true},
        Case{"maxDepth 1000", [](Config& c) { c.limits.max_depth = 1000; }, true},
        Case{"maxDepth 1001", [](Config& c) { c.limits.max_depth = 1001; }, false,
             "limits.maxDepth"},
        Case{"maxIssues 0", [](Config& c) { c.limits.max_issues = 0; }, false, "limits.maxIssues"},
        Case{"dataDir empty", [](Config& c) { c.store.data_dir = ""; }, false, "store.dataDir"},
        Case{"synchronous normal", [](Config& c) { c.store.synchronous = "normal"; }, true},
        Case{"synchronous FULL", [](Config& c) { c.store.synchronous = "FULL"; }, false,
             "store.synchronous"},
        Case{"busyTimeoutMs 0", [](Config& c) { c.store.busy_timeout_ms = 0; }, true},
        Case{"busyTimeoutMs -1", [](Config& c) { c.store.busy_timeout_ms = -1; }, false,
             "store.busyTimeoutMs"},
        Case{"level off", [](Config& c) { c.log.level = "off"; }, true},
        Case{"level warning", [](Config& c) { c.log.level = "warning"; }, false, "log.level"},
        Case{"format xml", [](Config& c) { c.log.format = "xml"; }, false, "log.format"},
        Case{"retention 0 days", [](Config& c) { c.retention.days = 0; }, false, "retention.days"},
        Case{"idempotency 0 hours", [](Config& c) { c.retention.idempotency_hours = 0; }, false,
             "retention.idempotencyHours"}),
    [](const ::testing::TestParamInfo<Case>& info) {
      std::string name;
      for (char ch : info.param.what)
        name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return name;
    });

TEST(CorsOriginsTest, ReadsACommaSeparatedListAndNamesWhatIsNotAnOrigin) {
  auto none = CorsOrigins("");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto two = CorsOrigins(" https://tool.example.com, http://localhost:3000 ,");
  ASSERT_TRUE(two.ok()) << two.status().message();
  EXPECT_EQ(*two, (std::vector<std::string>{"https://tool.example.com", "http://localhost:3000"}));
  auto any = CorsOrigins("*");
  ASSERT_TRUE(any.ok());
  EXPECT_EQ(*any, std::vector<std::string>{"*"});
  for (const char* bad : {"tool.example.com", "https://tool.example.com/", "https://a.b/path",
                          "ftp://a.b", "https://", "https://a b"}) {
    auto refused = CorsOrigins(std::string("https://ok.example, ") + bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_TRUE(Contains(refused.status().message(), "server.corsOrigins")) << bad;
    EXPECT_TRUE(Contains(refused.status().message(), bad)) << refused.status().message();
  }
  Config config;
  config.server.cors_origins = "https://a.example, nope";
  EXPECT_FALSE(Validate(config).ok()) << "a bad origin stops the start";
}

}  // namespace
}  // namespace inlet::config
