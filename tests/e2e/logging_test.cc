// The server's log (SPEC §6): one line per request, the durability settings at start, and
// never a token or a payload, whatever the request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The lines of `text` that contain `needle`.
int CountLines(const std::string& text, const std::string& needle) {
  std::istringstream lines(text);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) count += line.find(needle) != std::string::npos;
  return count;
}

TEST(Logging, OneLinePerRequestAndDurabilityAtStart) {
  ServerProcess server;
  EXPECT_THAT(server.Stderr(), HasSubstr("synchronous=full"));
  EXPECT_THAT(server.Stderr(), HasSubstr("journal_mode=wal"));
  ASSERT_EQ(server.RequestAs("", "GET", "/healthz", "", {{"X-Request-Id", "trace-4711"}}).status,
            200);
  ASSERT_EQ(server.RequestAs("", "GET", "/nope", "", {{"X-Request-Id", "trace-4712"}}).status, 404);
  // Stopping flushes the log.
  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitForExit(5000), 0);
  std::string log = server.Stderr();
  EXPECT_EQ(CountLines(log, "trace-4711"), 1) << log;
  EXPECT_EQ(CountLines(log, "trace-4712"), 1) << log;
}

TEST(Logging, ALineBreakInThePathCannotForgeALogLine) {
  ServerProcess server;
  const std::string forged = "2030-01-01T00:00:00.000 critical FORGED-LINE";
  std::string encoded;
  for (char c : forged) encoded += c == ' ' ? std::string("%20") : std::string(1, c);
  for (const std::string& path : {"/nope%0A" + encoded, "/api/v1/endpoints/x%0D%0A" + encoded,
                                  "/upload/api/endpoint/x%0A" + encoded + "%00%1b[31m"}) {
    EXPECT_NE(server.RequestAs("", "GET", path, "", {{"X-Request-Id", "trace-forge"}}).status, 0);
  }
  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitForExit(5000), 0);
  std::string log = server.Stderr();
  // Each request is one line that starts like every line of the server's log, and the
  // forged text stays inside it, escaped.
  EXPECT_EQ(CountLines(log, "FORGED-LINE"), 3) << log;
  EXPECT_EQ(CountLines(log, "trace-forge"), 3) << log;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("FORGED-LINE") == std::string::npos) continue;
    EXPECT_THAT(line, HasSubstr("trace-forge"));
    EXPECT_THAT(line, Not(HasSubstr(std::string(1, '\r'))));
    EXPECT_THAT(line, Not(HasSubstr(std::string(1, '\x1b'))));
    EXPECT_NE(line.rfind("2030-01-01", 0), 0u) << line;
  }
}

TEST(Logging, NeverContainsTokensOrPayloads) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];
  auto ingest = CreateToken(server, {"ingest"});
  const std::string payload_marker = "PAYLOAD-MARKER-7f3a";
  const std::string wrong_secret = "inlet_WRONGsecretMARKER0000000000000000000";
  const std::string body = R"([{"customerId": ")" + payload_marker + R"("}])";

  server.RequestAs(ingest.secret, "POST", UploadPath(id), body);
  server.RequestAs(server.admin_token(), "POST", UploadPath(id), body);
  server.RequestAs(wrong_secret, "POST", UploadPath(id), body);
  server.RequestAs(ingest.secret, "GET", "/api/v1/endpoints");
  server.Request("POST", "/api/v1/endpoints", "{" + payload_marker);  // invalid JSON
  server.Signal(SIGTERM);
  ASSERT_EQ(server.WaitForExit(5000), 0);

  std::string log = server.Stderr();
  for (const std::string& secret : {server.admin_token(), ingest.secret, wrong_secret}) {
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
  EXPECT_THAT(log, Not(HasSubstr(payload_marker)));
  // The token's secret is shown once, on stdout at first start, and never again.
  EXPECT_THAT(server.Stdout(), Not(HasSubstr(ingest.secret)));
}

}  // namespace
}  // namespace inlet::testing
