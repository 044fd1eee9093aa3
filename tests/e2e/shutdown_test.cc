// SIGTERM and SIGINT (SPEC §6): stop accepting, finish the requests in flight (a request
// whose header arrived is in flight even while its body is still coming), exit 0.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/management.h"
#include "support/server_process.h"

namespace inlet::testing {
namespace {

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

// True when a new connection is refused, closed unanswered, or answered 503
// "shutting-down": anything but being served.
::testing::AssertionResult NewConnectionsAreTurnedAway(uint16_t port) {
  try {
    HttpConnection connection(port);
    connection.SendRaw(FormatRequest("GET", "/healthz", "", {}));
    HttpResponse response = connection.ReadResponse(2000);
    if (response.status == 0) return ::testing::AssertionSuccess();
    auto shape = IsError(response, 503, "shutting-down");
    if (shape) return shape;
    return ::testing::AssertionFailure()
           << "a new connection was served while stopping: " << response.status << " "
           << response.body;
  } catch (const std::runtime_error&) {
    return ::testing::AssertionSuccess();  // refused, or reset while sending
  }
}

TEST(Shutdown, SigtermFinishesTheRequestInFlightAndExits0) {
  ServerProcess server;
  std::string id = CreateEndpoint(server, "orders")["id"];
  {
    HttpConnection connection(server.port());
    const std::string body = "[{\"customerId\": 1}]";
    const size_t half = body.size() / 2;
    connection.SendRaw(
        "POST " + UploadPath(id) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
        server.admin_token() + "\r\nContent-Type: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, half));
    SleepMs(200);  // the header has arrived: the request is in flight
    server.Signal(SIGTERM);
    SleepMs(200);
    EXPECT_TRUE(NewConnectionsAreTurnedAway(server.port()));

    connection.SendRaw(body.substr(half));
    auto response = connection.ReadResponse(5000);
    EXPECT_TRUE(PassedAdmission(response));
    EXPECT_EQ(response.Header("connection"), "close");
  }
  EXPECT_EQ(server.WaitForExit(5000), 0) << server.Stderr();
}

TEST(Shutdown, SigintOnAnIdleServerExits0) {
  ServerProcess server;
  ASSERT_EQ(server.RequestAs("", "GET", "/healthz").status, 200);
  server.Signal(SIGINT);
  EXPECT_EQ(server.WaitForExit(5000), 0) << server.Stderr();
}

TEST(Shutdown, IdleKeepAliveConnectionIsClosedOnSigterm) {
  ServerProcess server;
  HttpConnection connection(server.port());
  ASSERT_EQ(connection.Send("GET", "/healthz").status, 200);
  server.Signal(SIGTERM);
  // The server does not wait for the idle client to leave (idle timeout: 60 s).
  EXPECT_TRUE(connection.WaitForClose(3000));
  EXPECT_EQ(server.WaitForExit(5000), 0) << server.Stderr();
}

TEST(Shutdown, PartialHeaderIsNotInFlightAndDoesNotDelayTheExit) {
  // Only a request whose header has arrived is in flight (SPEC §6); a client still
  // sending its header is a new request, so it must not hold the server up until the
  // read timeout (30 s by default).
  ServerProcess server;
  HttpConnection connection(server.port());
  connection.SendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  SleepMs(200);
  server.Signal(SIGTERM);
  EXPECT_TRUE(connection.WaitForClose(3000));
  EXPECT_EQ(server.WaitForExit(3000), 0) << server.Stderr();
}

}  // namespace
}  // namespace inlet::testing
