// The HTTP/1.1 server: Boost.Beast over Asio, asynchronous, keep-alive, every limit
// explicit. Beast and Asio are confined to server.cc; this header shows neither.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "inlet/common/metrics.h"
#include "inlet/common/status.h"
#include "inlet/http/handler.h"

namespace inlet::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8888;  // 0: the system picks a free one
  int threads = 2;
  int max_connections = 10000;  // beyond it, new connections get 503 and are closed
  uint64_t header_limit_bytes = 64 * 1024;
  int read_timeout_ms = 30000;       // longest silence while a request is being received
  int idle_timeout_ms = 60000;       // longest silence before a request starts
  int shutdown_deadline_ms = 30000;  // for requests in flight once a stop is asked for
  // Ceiling on request body bytes held at once: each admitted request reserves its
  // Content-Length before its body is read; a chunked body reserves as it arrives.
  uint64_t inflight_body_limit = 512ull << 20;
};

class Server {
 public:
  // `handler` and `metrics` must outlive the server.
  Server(ServerOptions options, Handler& handler, MetricsRegistry& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Returns the bound port; kUnavailable when the address is taken
  // or not valid here.
  Result<uint16_t> Listen();

  // Serves on the configured threads until SIGINT or SIGTERM arrives or Stop() is
  // called, then drains: stops accepting, closes idle connections, answers new requests
  // on open connections with 503 and lets requests in flight (header received) finish
  // within the shutdown deadline. `on_stop_requested` runs once when the stop begins.
  // Returns true when every request in flight finished, false when the deadline cut
  // some off.
  bool Run(std::function<void()> on_stop_requested);

  // Asks a running server to stop as if it had received SIGTERM; any thread.
  void Stop();

  // True from the moment a stop is asked for.
  bool stopping() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace inlet::http
