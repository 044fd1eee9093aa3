// The API description (SPEC §9), on the real binary: GET /api/v1/openapi.json answers
// docs/openapi.yaml without a token, and names exactly the routes the router knows (read
// from the route tables in src/http/, so a route added without its description fails
// here).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using Route = std::pair<std::string, std::string>;  // method, pattern

// Every route of the route tables: {.method = "…", .pattern = "…"}, or the ingestion
// route's `upload.method = "…"; upload.pattern = "…";`.
std::set<Route> RouterRoutes() {
  const std::regex route(R"re(\.method = "([A-Z]+)"[,;]\s*(\w+)?\.pattern = "([^"]+)")re");
  std::set<Route> routes;
  const auto dir = std::filesystem::path(INLET_SOURCE_DIR) / "src" / "http";
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() != ".cc") continue;
    const std::string text = ReadFile(file.path().string());
    for (std::sregex_iterator it(text.begin(), text.end(), route), end; it != end; ++it) {
      routes.emplace((*it)[1], (*it)[3]);
    }
  }
  return routes;
}

TEST(OpenApi, TheDocumentIsServedWithoutATokenAndNamesEveryRouteTheRouterKnows) {
  ServerProcess server;
  auto answer = server.RequestAs("", "GET", "/api/v1/openapi.json");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.Header("content-type"), "application/json");
  const nlohmann::json document = answer.Json();
  EXPECT_EQ(document["openapi"], "3.1.0");

  std::set<Route> described;
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      described.emplace(upper, path);
      EXPECT_TRUE(operation.contains("operationId")) << upper << " " << path;
      EXPECT_TRUE(operation.contains("responses")) << upper << " " << path;
    }
  }
  const std::set<Route> routes = RouterRoutes();
  ASSERT_GT(routes.size(), 40u) << "the route tables were not found";
  for (const auto& route : routes) {
    EXPECT_TRUE(described.count(route))
        << route.first << " " << route.second << " is a route the document lacks";
  }
  for (const auto& route : described) {
    EXPECT_TRUE(routes.count(route))
        << route.first << " " << route.second << " is described but no route has it";
  }
}

}  // namespace
}  // namespace inlet::testing
