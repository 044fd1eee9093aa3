// The server's own teardown (issue 10): a request cut off at the shutdown deadline whose
// handler answers later must not make its connection touch the destroyed server.
// Under AddressSanitizer the old member order failed here with a use after free.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "inlet/http/server.h"

namespace inlet::http {
namespace {

// Admits everything and answers each request 300 ms later from a thread of its own.
class LateHandler : public Handler {
 public:
  Admission Admit(const RequestHead&) override { return {}; }
  void Handle(Request, Responder respond) override {
    handled_.set_value();
    answerer_ = std::thread([respond = std::move(respond)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      Response response;
      response.body = "{}";
      respond(std::move(response));
    });
  }
  void Refuse(Request, Refusal, uint64_t, Responder respond) override { respond(Response{}); }
  void Drain() override {
    if (answerer_.joinable()) answerer_.join();
  }
  std::future<void> handled() { return handled_.get_future(); }

 private:
  std::promise<void> handled_;
  std::thread answerer_;
};

int ConnectTo(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  return fd;
}

TEST(ServerShutdownTest, ARequestCutOffAtTheDeadlineAndAnsweredLaterTouchesNothingDestroyed) {
  LateHandler handler;
  auto handled = handler.handled();
  MetricsRegistry metrics;
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.shutdown_deadline_ms = 100;
  auto server = std::make_unique<Server>(options, handler, metrics);
  auto port = server->Listen();
  ASSERT_TRUE(port.ok()) << port.status().message();
  std::promise<bool> finished;
  std::thread runner([&] { finished.set_value(server->Run(nullptr)); });

  int fd = ConnectTo(*port);
  const char request[] = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(::send(fd, request, sizeof request - 1, 0), static_cast<ssize_t>(sizeof request - 1));
  ASSERT_EQ(handled.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  server->Stop();
  runner.join();
  EXPECT_FALSE(finished.get_future().get());  // the request was cut off

  handler.Drain();  // the late answer is handed to a server that no longer runs
  server.reset();   // and the connection it kept alive goes with the server
  ::close(fd);
  EXPECT_EQ(metrics.GetGauge("inlet_http_open_connections", "").Value(), 0);
}

}  // namespace
}  // namespace inlet::http
