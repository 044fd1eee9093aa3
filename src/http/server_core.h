// State shared by the acceptor and every connection of one Server (private to http/).
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "inlet/common/metrics.h"
#include "inlet/http/handler.h"
#include "inlet/http/inflight.h"
#include "inlet/http/server.h"

namespace inlet::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

// One client connection, plain or TLS (session.cc).
class Session {
 public:
  virtual ~Session() = default;
  virtual void Start() = 0;
  // Both post to the session's strand; safe from any thread.
  // Closes the connection unless a request is in flight (its header has arrived).
  virtual void CloseIfIdle() = 0;
  // Closes the connection, whatever it is doing.
  virtual void ForceClose() = 0;
};

// Why a TLS connection ended before its first request.
enum class HandshakeFailure { kPlainHttp, kHandshake, kTimeout };

struct ServerCore {
  ServerCore(ServerOptions opts, Handler& h, MetricsRegistry& m);

  ServerOptions options;
  Handler& handler;
  MetricsRegistry& metrics;
  // Shared with the reservations of requests, which may outlive the server.
  std::shared_ptr<InflightBudget> budget;
  std::atomic<bool> stopping{false};
  Gauge& open_connections;
  Gauge& requests_in_flight;
  // TLS connections over the limit still being refused (each holds a descriptor until
  // its handshake and 503 are done, so they are bounded too).
  std::atomic<int> refusing_tls{0};

  // Called by sessions; thread-safe.
  void Register(uint64_t id, const std::shared_ptr<Session>& session);
  void Unregister(uint64_t id);
  void RecordRequest(const std::string& route, int status, double seconds);
  void RecordHandshakeFailure(HandshakeFailure reason);
  void CloseIdleSessions();
  void CloseAllSessions();
  size_t SessionCount();

  // The context new TLS connections use (null for plain HTTP); replaced on SIGHUP while
  // open connections keep theirs.
  std::shared_ptr<asio::ssl::context> tls_context();
  void set_tls_context(std::shared_ptr<asio::ssl::context> context);

  // Run by the last session to close while stopping; cleared before the server goes.
  void OnLastSessionClosed(std::function<void()> callback);

 private:
  std::mutex mutex_;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions_;
  std::function<void()> on_last_session_closed_;
  std::shared_ptr<asio::ssl::context> tls_context_;

 public:
  // Last, so it is destroyed first: the handlers it still holds, and the sessions they
  // keep alive, go while everything those sessions use is still there.
  asio::io_context io;
};

// A session for a freshly accepted socket: TLS when `tls` is set.
std::shared_ptr<Session> MakeSession(ServerCore& core, asio::ip::tcp::socket socket, uint64_t id,
                                     std::shared_ptr<asio::ssl::context> tls);
// A TLS connection over the connection limit: it completes the handshake (within the
// read timeout), answers `refusal` and closes. Not registered with the core.
std::shared_ptr<Session> MakeRefusingTlsSession(ServerCore& core, asio::ip::tcp::socket socket,
                                                std::shared_ptr<asio::ssl::context> tls,
                                                Response refusal);

}  // namespace inlet::http
