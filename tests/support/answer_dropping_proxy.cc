#include "support/answer_dropping_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace inlet::testing {
namespace {

int ConnectTo(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

AnswerDroppingProxy::AnswerDroppingProxy(uint16_t server_port, int answers_to_drop)
    : server_port_(server_port), to_drop_(answers_to_drop) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("AnswerDroppingProxy: cannot listen on loopback");
  }
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { Accept(); });
}

AnswerDroppingProxy::~AnswerDroppingProxy() {
  stopping_ = true;
  ::shutdown(listener_, SHUT_RDWR);
  acceptor_.join();
  ::close(listener_);
  {
    std::lock_guard lock(mutex_);
    for (int fd : sockets_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& thread : threads_) thread.join();
  for (int fd : sockets_) ::close(fd);
}

void AnswerDroppingProxy::Accept() {
  while (!stopping_) {
    int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;
    int server = ConnectTo(server_port_);
    if (server < 0) {
      ::close(client);
      continue;
    }
    std::lock_guard lock(mutex_);
    sockets_.push_back(client);
    sockets_.push_back(server);
    threads_.emplace_back([this, client, server] { Relay(client, server, false); });
    threads_.emplace_back([this, client, server] { Relay(server, client, true); });
  }
}

// Copies `from` to `to` until either side ends; the server's first bytes of a connection
// chosen to lose its answer cut both sides instead.
void AnswerDroppingProxy::Relay(int from, int to, bool from_server) {
  char buffer[65536];
  bool first = true;
  while (true) {
    ssize_t got = ::recv(from, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    if (from_server && first && to_drop_.fetch_sub(1) > 0) {
      ++dropped_;
      break;
    }
    first = false;
    for (ssize_t sent = 0; sent < got;) {
      ssize_t wrote = ::send(to, buffer + sent, static_cast<size_t>(got - sent), MSG_NOSIGNAL);
      if (wrote <= 0) {
        got = -1;
        break;
      }
      sent += wrote;
    }
    if (got < 0) break;
  }
  ::shutdown(from, SHUT_RDWR);
  ::shutdown(to, SHUT_RDWR);
}

}  // namespace inlet::testing
