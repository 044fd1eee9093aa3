// State shared by the acceptor and every connection of one Server (private to http/).
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "inlet/common/metrics.h"
#include "inlet/http/handler.h"
#include "inlet/http/server.h"

namespace inlet::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

class Session;

struct ServerCore {
  ServerCore(ServerOptions opts, Handler& h, MetricsRegistry& m);

  ServerOptions options;
  Handler& handler;
  MetricsRegistry& metrics;
  asio::io_context io;

  std::atomic<bool> stopping{false};
  // Body bytes reserved by requests in flight; never above options.inflight_body_limit.
  std::atomic<uint64_t> reserved_body_bytes{0};
  // Grows the reservation of one request from `held` to `wanted` bytes; false (and no
  // change) when that would pass the ceiling.
  bool Reserve(uint64_t held, uint64_t wanted);
  void Release(uint64_t held);
  Gauge& open_connections;
  Gauge& requests_in_flight;
  Gauge& inflight_body_bytes;

  // Called by sessions; thread-safe.
  void Register(uint64_t id, const std::shared_ptr<Session>& session);
  void Unregister(uint64_t id);
  void RecordRequest(const std::string& route, int status, double seconds);
  // Closes every connection that is waiting for a request; sessions mid-request go on.
  void CloseIdleSessions();
  // Closes every connection, whatever it is doing.
  void CloseAllSessions();
  size_t SessionCount();

  // Run by the last session to close while stopping.
  std::function<void()> on_last_session_closed;

 private:
  std::mutex mutex_;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions_;
};

// One TCP connection: reads requests one after another, asks the handler, writes the
// answers. Lives as long as an asynchronous operation holds it.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerCore& core, asio::ip::tcp::socket socket, uint64_t id);
  ~Session();

  void Start();
  // Both post to the session's strand; safe from any thread.
  void CloseIfIdle();
  void ForceClose();

 private:
  void ReadHeader();
  void OnHeaderBytes(beast::error_code ec);
  void OnHeaderComplete();
  void ReadBody();
  void OnBodyBytes(beast::error_code ec);
  void Dispatch();
  // Thread-safe: hands the response to the strand.
  void Respond(Response response);
  void Write(Response response);
  void OnWritten(bool close, beast::error_code ec);
  void RefuseAndClose(Response response);
  void DrainThenClose();
  void Close();
  void FinishRequest(int status, uint64_t bytes_out);
  // Asks the handler to word a refusal of the current request, then closes.
  void RefuseBody(Refusal reason, uint64_t limit);
  void ReleaseReservation();

  ServerCore& core_;
  uint64_t id_;
  beast::tcp_stream stream_;
  asio::steady_timer body_timer_;  // silence while a body is read (see ReadBody)
  bool body_timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::empty_body>> header_parser_;
  std::optional<beast::http::request_parser<beast::http::string_body>> body_parser_;
  RequestHead head_;
  std::shared_ptr<void> admission_state_;
  uint64_t body_limit_ = 0;
  uint64_t reserved_ = 0;            // this request's share of the server's body ceiling
  bool waiting_for_request_ = true;  // no byte of the next request has arrived
  bool in_flight_ = false;
  bool request_keep_alive_ = false;
  bool closed_ = false;
  std::chrono::steady_clock::time_point started_;
  std::string route_, receipt_id_, endpoint_id_;
  uint64_t drained_bytes_ = 0;
};

}  // namespace inlet::http
