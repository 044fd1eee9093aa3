// Every file of JSONTestSuite's test_parsing/ POSTed to the real server as
// application/json: the status and first request-level messageId must be those of the
// checked-in table, and every file (the i_ ones included) is answered within a second.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "support/jsontestsuite_table.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

SuiteAnswer AnswerOf(const HttpResponse& response) {
  SuiteAnswer answer{std::to_string(response.status), "-"};
  if (response.status == 200) return answer;
  auto json = response.Json();
  for (const auto& issue : json["errors"]) {
    if (issue["domain"] == "request") {
      answer.message_id = issue["messageId"];
      break;
    }
  }
  return answer;
}

TEST(JsonTestSuiteHttp, EveryFileIsAnsweredAsTheTableSays) {
  ServerProcess server;
  auto created = server.Request(
      "POST", "/api/v1/endpoints",
      R"({"name":"suite","source":"Suite","group":"Tests","mapping":{"entityType":"/Thing"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string target = "/upload/api/endpoint/" + created.Json()["id"].get<std::string>();
  const auto table = ReadJsonTestSuiteTable();
  const auto files = JsonTestSuiteFiles();
  ASSERT_EQ(files.size(), table.size());

  auto connection = std::make_unique<HttpConnection>(server.port());
  for (const auto& file : files) {
    const std::string body = ReadFile((JsonTestSuiteDir() / file).string());
    auto start = std::chrono::steady_clock::now();
    HttpResponse response = connection->Send("POST", target, body,
                                             {{"Authorization", "Bearer " + server.admin_token()},
                                              {"Content-Type", "application/json"}});
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_NE(response.status, 0) << file << ": no answer";
    EXPECT_LT(seconds, 1.0) << file;
    auto expected = table.find(file);
    ASSERT_NE(expected, table.end()) << file;
    EXPECT_EQ(AnswerOf(response), expected->second) << file << ": " << response.body;
    EXPECT_FALSE(response.Header("x-receipt-id").empty()) << file;
    if (response.Header("connection") == "close") {
      connection = std::make_unique<HttpConnection>(server.port());
    }
  }
  EXPECT_EQ(server.RequestAs("", "GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace inlet::testing
