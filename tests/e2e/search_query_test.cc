// `?q=` takes any bytes (SPEC §8): NUL, quotes, FTS5 syntax, column filters, broken
// UTF-8. Each is answered 200 (a search for those words) or 400 with a message, never
// 500, on the preview and on the golden-record list.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

// Waits until every stored record of the endpoint is searchable.
void WaitForIndex(const ServerProcess& server, const std::string& endpoint_id) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    auto page = GetJson(server, "/api/v1/endpoints/" + endpoint_id + "/records?limit=1");
    if (page.value("indexLag", -1) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  FAIL() << "the search index did not catch up";
}

::testing::AssertionResult IsAnswered(const HttpResponse& response) {
  if (response.status == 200) return ::testing::AssertionSuccess();
  if (response.status == 400) return IsError(response, 400, "invalid-request");
  return ::testing::AssertionFailure()
         << "status " << response.status << ", body: " << response.body;
}

// Percent-encoded as a client would send them.
const std::vector<std::string> kHostileQueries = {
    "%00",
    "a%00b",
    "%00%00%00",
    "Ada%00",
    "%22",
    "%22%22%22",
    "a%22b",
    "%22Ada",
    "a%20OR",
    "OR",
    "AND%20NOT",
    "Ada%20NOT%20Oslo",
    "*",
    "Ada*",
    "NEAR(",
    "NEAR(Ada%20Oslo,%202)",
    "body:Ada",
    "%7Bbody%7D:Ada",
    "-body:Ada",
    "^Ada",
    "(",
    ")",
    "(Ada",
    "%2B",
    "%5C",
    "'",
    "%27%3B%20DROP%20TABLE%20records%3B--",
    "rowid%3D1",
    "%25",
    "_",
    "%FF%FE",
    "%C0%80",
    "%ED%A0%80",
    "%0A",
    "Ada%0D%0AOslo",
    "%09",
    "%7F",
    "%01%02%03",
    std::string(3000, 'x'),
    [] {
      std::string many;
      for (int i = 0; i < 300; ++i) many += (i ? "%20w" : "w") + std::to_string(i);
      return many;
    }(),
};

TEST(SearchQuery, HostileQueriesAreA200OrA400NeverA500) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "search")["id"];
  ASSERT_EQ(Upload(server, id, R"([{"name":"Ada","city":"Oslo"},{"name":"Bob"}])").status, 200);
  WaitForIndex(server, id);
  for (const std::string& q : kHostileQueries) {
    SCOPED_TRACE("q=" + q.substr(0, 60));
    EXPECT_TRUE(IsAnswered(server.Request("GET", "/api/v1/endpoints/" + id + "/records?q=" + q)));
    EXPECT_TRUE(IsAnswered(server.Request("GET", "/api/v1/entities?q=" + q)));
  }
  // The server is still whole, and a NUL separates words like a space does.
  auto found = GetJson(server, "/api/v1/endpoints/" + id + "/records?q=Ada%00Oslo");
  ASSERT_EQ(found["items"].size(), 1u) << found.dump();
  EXPECT_EQ(found["items"][0]["data"]["name"], "Ada");
}

}  // namespace
}  // namespace inlet::testing
