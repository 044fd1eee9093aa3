// A loopback TCP relay in front of a server that loses answers: a request reaches the
// server whole, and as soon as the server starts to answer, the client's connection is
// cut without a byte of the answer. What a client sees when the network drops the answer
// to a request the server did carry out: the test of "a retry never stores twice".
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace inlet::testing {

class AnswerDroppingProxy {
 public:
  // Drops the first `answers_to_drop` answers; relays everything else both ways.
  AnswerDroppingProxy(uint16_t server_port, int answers_to_drop);
  ~AnswerDroppingProxy();  // cuts every connection and joins its threads
  AnswerDroppingProxy(const AnswerDroppingProxy&) = delete;
  AnswerDroppingProxy& operator=(const AnswerDroppingProxy&) = delete;

  uint16_t port() const { return port_; }
  int dropped() const { return dropped_.load(); }

 private:
  void Accept();
  void Relay(int from, int to, bool from_server);

  uint16_t server_port_;
  std::atomic<int> to_drop_;
  std::atomic<int> dropped_{0};
  int listener_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<int> sockets_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace inlet::testing
