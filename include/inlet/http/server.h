// The HTTP/1.1 server, plain or HTTPS: Boost.Beast over Asio, asynchronous, keep-alive,
// every limit explicit (SPEC §6, §8). Beast, Asio and OpenSSL are confined to the
// server's own translation units; this header shows none of them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "inlet/common/metrics.h"
#include "inlet/common/status.h"
#include "inlet/http/handler.h"

namespace inlet::http {

// HTTPS (SPEC §8): with a certificate and key the listener speaks TLS only.
struct TlsOptions {
  std::string certificate_file;     // PEM chain; empty: plain HTTP
  std::string private_key_file;     // PEM, unencrypted
  std::string min_version = "1.2";  // "1.2" or "1.3"
  std::string client_ca_file;       // PEM; set: client certificates are required (mTLS)

  bool enabled() const { return !certificate_file.empty(); }
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8888;  // 0: the system picks a free one
  int threads = 2;
  int max_connections = 10000;  // beyond it, new connections get 503 and are closed
  uint64_t header_limit_bytes = 64 * 1024;
  int read_timeout_ms = 30000;  // longest silence while a request is being received
  int idle_timeout_ms = 60000;  // longest silence before a request starts
  // From a request's first byte: to the end of its header, and for a refused request to
  // the end of its answer and draining.
  int header_deadline_ms = 10000;
  int request_deadline_ms = 600000;  // from a request's first byte to its last, once admitted
  int shutdown_deadline_ms = 30000;  // for requests in flight once a stop is asked for
  // Ceiling on request body bytes held at once: each admitted request reserves its
  // Content-Length before its body is read; a chunked body reserves as it arrives.
  uint64_t inflight_body_limit = 512ull << 20;
  TlsOptions tls;
};

class Server {
 public:
  // `handler` and `metrics` must outlive the server.
  Server(ServerOptions options, Handler& handler, MetricsRegistry& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS files (when set), fits max_connections to the process's descriptor
  // limit, binds and listens. Returns the bound port; kInvalidArgument naming the file
  // when a TLS file is unusable, kUnavailable when the address is taken or not valid.
  Result<uint16_t> Listen();

  // The connection limit in effect: the configured one, lowered by Listen() when the
  // process may not open that many descriptors.
  int max_connections() const;

  // Serves on the configured threads until SIGINT or SIGTERM arrives or Stop() is
  // called (SIGHUP re-reads the TLS files for new connections), then drains: stops accepting,
  // closes idle connections, answers new requests on open connections with 503 and lets requests in
  // flight (header received) finish within the shutdown deadline. `on_stop_requested` runs once
  // when the stop begins. Returns true when every request in flight finished, false when the
  // deadline cut some off.
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
