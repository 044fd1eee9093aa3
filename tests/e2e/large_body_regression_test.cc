// Regression: bodies over 1 MiB were dropped without an answer. Beast's header parser
// checks Content-Length against its own default limit of 1 MiB, and the error on a
// request's first read closed the connection silently (curl: "Empty reply from server").
#include <gtest/gtest.h>

#include "support/server_process.h"

namespace inlet::testing {
namespace {

std::string Records(int count) {
  std::string body = "[";
  for (int i = 0; i < count; ++i) {
    if (i) body += ",";
    body += R"({"id":")" + std::to_string(i) + R"(","padding":")" + std::string(900, 'x') + "\"}";
  }
  return body + "]";
}

TEST(LargeBodyRegression, TwoMegabytesWithExpectContinueAreStored) {
  ServerProcess server;
  auto created = server.Request(
      "POST", "/api/v1/endpoints",
      R"({"name":"big","source":"CRM","group":"Sales","mapping":{"entityType":"/Customer"}})");
  ASSERT_EQ(created.status, 201);
  const std::string target = "/upload/api/endpoint/" + created.Json()["id"].get<std::string>();
  const std::string body = Records(2400);
  ASSERT_GT(body.size(), 2u << 20);

  HttpConnection connection(server.port());
  std::string head = FormatRequest("POST", target, "",
                                   {{"Authorization", "Bearer " + server.admin_token()},
                                    {"Content-Type", "application/json"},
                                    {"Content-Length", std::to_string(body.size())},
                                    {"Expect", "100-continue"}});
  connection.SendRaw(head);
  EXPECT_EQ(connection.ReadResponse(5000).status, 100);
  connection.SendRaw(body);
  HttpResponse response = connection.ReadResponse();
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Json()["accepted"], 2400);
}

TEST(LargeBodyRegression, MalformedFirstRequestIsAnsweredNotDropped) {
  ServerProcess server;
  HttpConnection connection(server.port());
  connection.SendRaw("POST /healthz HTTP/1.1\r\nContent-Length: nope\r\n\r\n");
  HttpResponse response = connection.ReadResponse(5000);
  EXPECT_EQ(response.status, 400);
}

}  // namespace
}  // namespace inlet::testing
