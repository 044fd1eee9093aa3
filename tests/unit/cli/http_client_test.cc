// HttpClient against a loopback peer that misbehaves: an answer longer than the client
// keeps is cut, not held.
#include "inlet/cli/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace inlet::cli {
namespace {

// Accepts one connection, reads the request head, and answers `status` with a body of
// `body_bytes` bytes, which it sends until the client stops reading.
class OneAnswerServer {
 public:
  OneAnswerServer(int status, uint64_t body_bytes) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), length);
    ::listen(listener_, 1);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this, status, body_bytes] {
      int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      char buffer[4096];
      std::string head;
      while (head.find("\r\n\r\n") == std::string::npos) {
        ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        head.append(buffer, static_cast<size_t>(got));
      }
      std::string answer =
          "HTTP/1.1 " + std::to_string(status) +
          " X\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body_bytes) +
          "\r\n\r\n";
      ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
      const std::string chunk(1 << 20, 'x');
      for (uint64_t sent = 0; sent < body_bytes; sent += chunk.size()) {
        if (::send(client, chunk.data(), chunk.size(), MSG_NOSIGNAL) <= 0) break;
      }
      ::close(client);
    });
  }
  ~OneAnswerServer() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST(HttpClientTest, AnAnswerLongerThanTheClientKeepsIsCutAndNamed) {
  OneAnswerServer server(500, HttpClient::kMaxKeptAnswerBytes + (1 << 20));
  HttpClient client({server.url(), "", ""});
  auto answer = client.Send({"GET", "/", {}, {}});
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().message_id(), "connection-failed");
  EXPECT_NE(answer.status().message().find("the answer is longer than"), std::string::npos)
      << answer.status().message();
}

TEST(HttpClientTest, AnAnswerWithinTheLimitIsKeptWhole) {
  OneAnswerServer server(503, 1 << 20);
  HttpClient client({server.url(), "", ""});
  auto answer = client.Send({"GET", "/", {}, {}});
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  EXPECT_EQ(answer->status, 503);
  EXPECT_EQ(answer->body.size(), 1u << 20);
  EXPECT_EQ(answer->Header("content-type"), "text/plain");
}

}  // namespace
}  // namespace inlet::cli
