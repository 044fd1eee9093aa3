// HTTP/1.1 as the server speaks it (SPEC §2, §2.1, §6): keep-alive, HTTP/1.0, pipelining,
// `Expect: 100-continue`, size limits refused before the body is read, header limit,
// connection limit, read timeout, and JSON errors for unknown routes and bad JSON.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

using Clock = std::chrono::steady_clock;

HeaderList Auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// Head of an ingestion POST, without the body.
std::string UploadHead(const std::string& endpoint_id, const std::string& token,
                       const std::string& extra_headers) {
  return "POST " + UploadPath(endpoint_id) +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
         "\r\nContent-Type: application/json\r\n" + extra_headers + "\r\n";
}

int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// Waits (up to 10 s) until the server's inlet_http_inflight_body_bytes reads `bytes`.
::testing::AssertionResult InflightBodyBytesReach(const ServerProcess& server, uint64_t bytes) {
  const std::string prefix = "inlet_http_inflight_body_bytes ";
  std::string last;
  auto start = Clock::now();
  while (MillisSince(start) < 10000) {
    std::string text = server.RequestAs("", "GET", "/metrics").body;
    size_t at = text.find("\n" + prefix);
    last =
        at == std::string::npos ? "absent" : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
    if (last == prefix + std::to_string(bytes)) return ::testing::AssertionSuccess();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ::testing::AssertionFailure() << "still " << last;
}

// An abandoned or refused upload must not leak its bytes or its reservation.
::testing::AssertionResult InflightBodyBytesReturnToZero(const ServerProcess& server) {
  return InflightBodyBytesReach(server, 0);
}

TEST(Protocol, KeepAliveServesSeveralRequestsOnOneConnection) {
  ServerProcess server;
  HttpConnection connection(server.port());
  auto first = connection.Send("GET", "/healthz");
  EXPECT_EQ(first.status, 200);
  EXPECT_NE(first.Header("connection"), "close");
  EXPECT_EQ(connection.Send("GET", "/readyz").status, 200);
  auto third = connection.Send("GET", "/api/v1/tokens", "", Auth(server.admin_token()));
  EXPECT_EQ(third.status, 200);
  EXPECT_TRUE(third.Json()["items"].is_array());
  // A refusal without a body keeps the connection too.
  EXPECT_TRUE(IsError(connection.Send("GET", "/api/v1/tokens"), 401, "unauthenticated"));
  EXPECT_EQ(connection.Send("GET", "/healthz").status, 200);
}

TEST(Protocol, ClientConnectionCloseIsHonoured) {
  ServerProcess server;
  HttpConnection connection(server.port());
  auto response = connection.Send("GET", "/healthz", "", {{"Connection", "close"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("connection"), "close");
  EXPECT_TRUE(connection.WaitForClose(3000));
}

TEST(Protocol, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerProcess server(ServeArgs({"--set", "server.idleTimeoutMs=300"}));
  HttpConnection connection(server.port());
  ASSERT_EQ(connection.Send("GET", "/healthz").status, 200);
  auto start = Clock::now();
  EXPECT_TRUE(connection.WaitForClose(3000));
  EXPECT_GE(MillisSince(start), 200);  // not closed at once: it was kept alive first
}

TEST(Protocol, MalformedRequestsGet400AndTheConnectionIsClosed) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];
  const std::string auth = "Authorization: Bearer " + server.admin_token() + "\r\n";
  const std::vector<std::string> requests = {
      "GARBAGE\r\n\r\n",
      "POST /api/v1/endpoints HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST /api/v1/endpoints HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      "Content-Length: 3\r\n\r\n{}",
      // Both framings at once is the classic request-smuggling shape (RFC 9112 §6.3).
      "POST " + UploadPath(id) + " HTTP/1.1\r\nHost: x\r\n" + auth +
          "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n",
      "POST " + UploadPath(id) + " HTTP/1.1\r\nHost: x\r\n" + auth +
          "Transfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n",
  };
  for (const std::string& request : requests) {
    SCOPED_TRACE(request);
    HttpConnection connection(server.port());
    connection.SendRaw(request);
    EXPECT_TRUE(IsError(connection.ReadResponse(5000), 400, "malformed-request"));
    EXPECT_TRUE(connection.WaitForClose(3000));
  }
  EXPECT_EQ(server.RequestAs("", "GET", "/healthz").status, 200);
}

TEST(Protocol, Http10RequestIsAnsweredAndTheConnectionClosed) {
  ServerProcess server;
  HttpConnection connection(server.port());
  connection.SendRaw("GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  auto response = connection.ReadResponse(5000);
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Json()["status"], "ok");
  EXPECT_TRUE(connection.WaitForClose(3000));
}

TEST(Protocol, PipelinedRequestsAreAnsweredInOrder) {
  ServerProcess server;
  HttpConnection connection(server.port());
  connection.SendRaw(FormatRequest("GET", "/readyz", "", {{"X-Request-Id", "first"}}) +
                     FormatRequest("GET", "/healthz", "", {{"X-Request-Id", "second"}}) +
                     FormatRequest("GET", "/no/such/route", "", {{"X-Request-Id", "third"}}));
  auto first = connection.ReadResponse(5000);
  auto second = connection.ReadResponse(5000);
  auto third = connection.ReadResponse(5000);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("x-request-id"), "first");
  EXPECT_EQ(first.Json()["status"], "ready");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.Header("x-request-id"), "second");
  EXPECT_EQ(second.Json()["status"], "ok");
  EXPECT_TRUE(IsError(third, 404, "route-not-found"));
  EXPECT_EQ(third.Header("x-request-id"), "third");
}

TEST(Protocol, ExpectContinueIsAnsweredBeforeTheBody) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];
  HttpConnection connection(server.port());
  connection.SendRaw(
      UploadHead(id, server.admin_token(), "Content-Length: 2\r\nExpect: 100-continue\r\n"));
  auto interim = connection.ReadResponse(5000);
  ASSERT_EQ(interim.status, 100) << "no 100 Continue before the body was sent";
  connection.SendRaw("[]");
  auto final_answer = connection.ReadResponse(5000);
  EXPECT_TRUE(PassedAdmission(final_answer));
}

TEST(Protocol, ExpectContinueIsNotSentToARefusedRequest) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];
  HttpConnection connection(server.port());
  connection.SendRaw(
      UploadHead(id, "inlet_unknown", "Content-Length: 2\r\nExpect: 100-continue\r\n"));
  // The refusal comes instead of 100 Continue: the client need not send the body at all.
  auto response = connection.ReadResponse(5000);
  EXPECT_TRUE(IsError(response, 401, "unauthenticated"));
  EXPECT_EQ(response.Header("connection"), "close");
  EXPECT_TRUE(connection.WaitForClose(3000));
}

class BodyLimit : public ::testing::Test {
 protected:
  BodyLimit()
      : server_(ServeArgs(
            {"--set", "limits.bodyWireBytes=1024", "--set", "limits.inflightBodyBytes=1MiB"})) {
    endpoint_ = CreateEndpoint(server_, "orders")["id"];
  }
  ServerProcess server_;
  std::string endpoint_;
};

TEST_F(BodyLimit, DeclaredLengthOverTheLimitIs413WithoutReadingTheBody) {
  HttpConnection connection(server_.port());
  connection.SendRaw(UploadHead(endpoint_, server_.admin_token(), "Content-Length: 4096\r\n"));
  // Not a byte of the body is sent: the answer must not wait for it.
  auto response = connection.ReadResponse(5000);
  ASSERT_TRUE(IsError(response, 413, "body-too-large"));
  EXPECT_EQ(response.Header("connection"), "close");
  auto message = response.Json()["errors"][0]["errorMessage"].get<std::string>();
  EXPECT_NE(message.find("4096"), std::string::npos) << message;  // says the declared size
  EXPECT_NE(message.find("1024"), std::string::npos) << message;  // and the maximum
  EXPECT_TRUE(connection.WaitForClose(3000));
}

TEST_F(BodyLimit, DeclaredLengthOverTheLimitIsRefusedInsteadOf100Continue) {
  HttpConnection connection(server_.port());
  connection.SendRaw(UploadHead(endpoint_, server_.admin_token(),
                                "Content-Length: 4096\r\nExpect: 100-continue\r\n"));
  auto response = connection.ReadResponse(5000);
  EXPECT_TRUE(IsError(response, 413, "body-too-large"));
}

TEST_F(BodyLimit, LengthAtTheLimitIsAdmitted) {
  std::string body = "[" + std::string(1022, ' ') + "]";
  ASSERT_EQ(body.size(), 1024u);
  EXPECT_TRUE(PassedAdmission(server_.Request("POST", UploadPath(endpoint_), body)));
}

TEST_F(BodyLimit, ChunkedBodyGrowingOverTheLimitIs413) {
  HttpConnection connection(server_.port());
  std::string chunk = "200\r\n" + std::string(512, ' ') + "\r\n";
  connection.SendRaw(
      UploadHead(endpoint_, server_.admin_token(), "Transfer-Encoding: chunked\r\n") +
      "1\r\n[\r\n" + chunk + chunk + chunk + "1\r\n]\r\n0\r\n\r\n");
  auto response = connection.ReadResponse(5000);
  EXPECT_TRUE(IsError(response, 413, "body-too-large"));
  EXPECT_TRUE(connection.WaitForClose(3000));
  EXPECT_TRUE(InflightBodyBytesReturnToZero(server_));
}

TEST_F(BodyLimit, SmallChunkedBodyIsAdmitted) {
  HttpConnection connection(server_.port());
  connection.SendRaw(
      UploadHead(endpoint_, server_.admin_token(), "Transfer-Encoding: chunked\r\n") +
      "1\r\n[\r\n1\r\n]\r\n0\r\n\r\n");
  EXPECT_TRUE(PassedAdmission(connection.ReadResponse(5000)));
}

// SPEC §2.1, §6: body bytes are reserved from Content-Length, so an upload arriving while
// the declared bodies already fill limits.inflightBodyBytes is refused with 503 +
// Retry-After before 100 Continue, rather than admitted and told to send its body.
TEST(Protocol, InflightCeilingRefusesWith503Before100Continue) {
  ServerProcess server(
      ServeArgs({"--set", "limits.bodyWireBytes=1MiB", "--set", "limits.inflightBodyBytes=1MiB"}));
  std::string id = CreateEndpoint(server, "orders")["id"];
  auto first = std::make_unique<HttpConnection>(server.port());
  first->SendRaw(UploadHead(id, server.admin_token(), "Content-Length: 1048576\r\n") + "[");
  // Its header has been admitted and its declared body reserved: on a loaded machine that
  // takes longer than any fixed pause.
  ASSERT_TRUE(InflightBodyBytesReach(server, 1048576));

  HttpConnection second(server.port());
  second.SendRaw(
      UploadHead(id, server.admin_token(), "Content-Length: 2\r\nExpect: 100-continue\r\n"));
  auto refused = second.ReadResponse(3000);
  EXPECT_TRUE(IsError(refused, 503, "overloaded"));
  EXPECT_FALSE(refused.Header("retry-after").empty());

  // Once the first upload is gone its reservation is released.
  first.reset();
  EXPECT_TRUE(InflightBodyBytesReturnToZero(server));
  bool admitted = false;
  auto start = Clock::now();
  while (!admitted && MillisSince(start) < 3000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    admitted = PassedAdmission(server.Request("POST", UploadPath(id), "[]"));
  }
  EXPECT_TRUE(admitted);
}

TEST(Protocol, HeaderOverTheLimitIs431) {
  ServerProcess server(ServeArgs({"--set", "server.headerLimitBytes=1024"}));
  HttpConnection connection(server.port());
  connection.SendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " +
                     std::string(2000, 'a') + "\r\n\r\n");
  auto response = connection.ReadResponse(5000);
  EXPECT_EQ(response.status, 431) << response.body;
  EXPECT_TRUE(IsError(response, 431, "header-too-large"));
  // A header just under the limit is fine.
  EXPECT_EQ(
      server.RequestAs("", "GET", "/healthz", "", {{"X-Filler", std::string(600, 'a')}}).status,
      200);
}

TEST(Protocol, UnknownPathIsJson404) {
  ServerProcess server;
  for (const std::string target :
       {"/nope", "/api/v1/nope", "/upload/api/endpoint", "/api/v2/endpoints"}) {
    SCOPED_TRACE(target);
    auto response = server.RequestAs("", "GET", target);
    EXPECT_TRUE(IsError(response, 404, "route-not-found"));
    EXPECT_EQ(response.Header("content-type").rfind("application/json", 0), 0u)
        << response.Header("content-type");
  }
}

TEST(Protocol, ManagementBodyThatIsNotJsonIs400) {
  ServerProcess server;
  for (const std::string body : {"{not json", "name=x&scopes=read", "{\"name\": \"x\","}) {
    SCOPED_TRACE(body);
    EXPECT_TRUE(IsError(server.Request("POST", "/api/v1/endpoints", body), 400, "invalid-json"));
    EXPECT_TRUE(IsError(server.Request("POST", "/api/v1/tokens", body), 400, "invalid-json"));
  }
}

TEST(Protocol, ConnectionOverTheLimitGets503) {
  ServerProcess server(ServeArgs({"--set", "server.maxConnections=2"}));
  auto first = std::make_unique<HttpConnection>(server.port());
  HttpConnection second(server.port());
  // A request on each makes sure both were accepted before the third arrives.
  ASSERT_EQ(first->Send("GET", "/healthz").status, 200);
  ASSERT_EQ(second.Send("GET", "/healthz").status, 200);

  HttpConnection third(server.port());
  auto refused = third.ReadResponse(5000);
  EXPECT_TRUE(IsError(refused, 503, "overloaded"));
  EXPECT_FALSE(refused.Header("retry-after").empty());
  EXPECT_TRUE(third.WaitForClose(3000));

  // The connections already in are still served, and a freed slot can be used again.
  EXPECT_EQ(second.Send("GET", "/healthz").status, 200);
  first.reset();
  int status = 0;
  auto start = Clock::now();
  while (status != 200 && MillisSince(start) < 3000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    HttpConnection again(server.port());
    again.SendRaw(FormatRequest("GET", "/healthz", "", {}));
    status = again.ReadResponse(3000).status;
  }
  EXPECT_EQ(status, 200);
}

TEST(Protocol, SilentUploadIsAbandonedAfterTheReadTimeout) {
  ServerProcess server(ServeArgs({"--set", "server.readTimeoutMs=300"}));
  std::string id = CreateEndpoint(server, "orders")["id"];
  HttpConnection connection(server.port());
  connection.SendRaw(UploadHead(id, server.admin_token(), "Content-Length: 100\r\n") + "[{\"a\":");
  auto start = Clock::now();
  auto response = connection.ReadResponse(5000);
  int64_t elapsed = MillisSince(start);
  if (response.status != 0) {
    EXPECT_TRUE(IsError(response, 408, "request-timeout"));
  }
  EXPECT_LT(elapsed, 2500) << "the silent request was kept for " << elapsed << " ms";
  EXPECT_TRUE(connection.WaitForClose(3000));
  EXPECT_TRUE(InflightBodyBytesReturnToZero(server));
}

// Regression: on a read timeout the server logged and counted "408 request-timeout" but
// the client only saw the connection close: Beast's tcp_stream closes the socket when its
// timer fires, so the 408 written afterwards went nowhere. SPEC §7: every rejection says
// what was wrong. Checked on a management route, where no ingestion code is involved.
TEST(Protocol, ReadTimeoutAnswer408ReachesTheClient) {
  ServerProcess server(ServeArgs({"--set", "server.readTimeoutMs=300"}));
  HttpConnection connection(server.port());
  connection.SendRaw(
      "POST /api/v1/endpoints HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
      server.admin_token() +
      "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":");
  EXPECT_TRUE(IsError(connection.ReadResponse(3000), 408, "request-timeout"));
}

TEST(Protocol, SlowUploadThatKeepsSendingIsNotCutOff) {
  // The read timeout is measured between bytes (SPEC §6): a slow ADF upload must survive.
  ServerProcess server(ServeArgs({"--set", "server.readTimeoutMs=500"}));
  std::string id = CreateEndpoint(server, "orders")["id"];
  HttpConnection connection(server.port());
  const std::string body = "[" + std::string(6, ' ') + "]";
  connection.SendRaw(UploadHead(id, server.admin_token(),
                                "Content-Length: " + std::to_string(body.size()) + "\r\n"));
  for (char c : body) {  // 8 × 200 ms: 1.6 s in all, three times the timeout
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    connection.SendRaw(std::string(1, c));
  }
  EXPECT_TRUE(PassedAdmission(connection.ReadResponse(5000)));
}

}  // namespace
}  // namespace inlet::testing
