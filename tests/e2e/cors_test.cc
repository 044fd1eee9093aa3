// Browser tools on other origins (server.corsOrigins, SPEC §9), on the real binary: a
// listed origin's preflight is answered without a token and its answers say it may read
// them; any other origin, and every origin by default, gets neither.
#include <gtest/gtest.h>

#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

constexpr char kTool[] = "https://tool.example.com";

HttpResponse Preflight(const ServerProcess& server, const std::string& origin,
                       const std::string& path) {
  return server.RequestAs("", "OPTIONS", path, "",
                          {{"Origin", origin},
                           {"Access-Control-Request-Method", "POST"},
                           {"Access-Control-Request-Headers", "authorization, content-type"}});
}

TEST(Cors, AListedOriginsPreflightIsAnsweredAndItsAnswersMayBeRead) {
  ServerProcess server(
      ServeArgs({"--set", std::string("server.corsOrigins=") + kTool + ", http://localhost:3000"}));
  const std::string endpoint = CreateEndpoint(server, "customers")["id"];

  auto preflight = Preflight(server, kTool, UploadPath(endpoint));
  EXPECT_EQ(preflight.status, 204) << preflight.body;
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), kTool);
  EXPECT_EQ(preflight.Header("access-control-allow-methods"), "POST");
  EXPECT_NE(preflight.Header("access-control-allow-headers").find("Authorization"),
            std::string::npos);
  EXPECT_NE(preflight.Header("access-control-allow-headers").find("Idempotency-Key"),
            std::string::npos);
  EXPECT_EQ(preflight.Header("vary"), "Origin");
  EXPECT_TRUE(preflight.body.empty());
  auto entity_preflight =
      Preflight(server, "http://localhost:3000", "/api/v1/endpoints/" + endpoint);
  EXPECT_EQ(entity_preflight.status, 204);
  EXPECT_NE(entity_preflight.Header("access-control-allow-methods").find("PATCH"),
            std::string::npos);

  // The call itself, answered or refused, names the origin and what it may read.
  auto listed = server.Request("GET", "/api/v1/endpoints", "", {{"Origin", kTool}});
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(listed.Header("access-control-allow-origin"), kTool);
  EXPECT_NE(listed.Header("access-control-expose-headers").find("X-Receipt-Id"), std::string::npos);
  auto no_token = server.RequestAs("", "GET", "/api/v1/endpoints", "", {{"Origin", kTool}});
  EXPECT_EQ(no_token.status, 401);
  EXPECT_EQ(no_token.Header("access-control-allow-origin"), kTool);
  auto upload = server.Request("POST", UploadPath(endpoint), R"([{"id":1}])",
                               {{"Origin", kTool}, {"Content-Type", "application/json"}});
  EXPECT_EQ(upload.status, 200) << upload.body;
  EXPECT_EQ(upload.Header("access-control-allow-origin"), kTool);

  // Another origin: no preflight answer, nothing to read.
  EXPECT_EQ(Preflight(server, "https://evil.example", UploadPath(endpoint)).status, 405);
  auto other = server.Request("GET", "/api/v1/endpoints", "", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
  EXPECT_EQ(Preflight(server, kTool, "/no/such/path").status, 404);
}

TEST(Cors, NoOriginIsAllowedByDefault) {
  ServerProcess server;
  auto preflight = Preflight(server, kTool, "/api/v1/endpoints");
  EXPECT_TRUE(IsError(preflight, 405, "method-not-allowed"));
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), "");
  auto listed = server.Request("GET", "/api/v1/endpoints", "", {{"Origin", kTool}});
  EXPECT_EQ(listed.Header("access-control-allow-origin"), "");
}

TEST(Cors, ABadOriginStopsTheStartNamingIt) {
  auto result = RunInlet({"serve", "--listen", "127.0.0.1:0", "--set",
                          "server.corsOrigins=https://tool.example.com/app"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("server.corsOrigins"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace inlet::testing
