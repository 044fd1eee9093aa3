// Listening, accepting and stopping. Beast lives here and in session.cc only.
#include "inlet/http/server.h"

#include <spdlog/spdlog.h>

#include <thread>
#include <vector>

#include "http/server_core.h"
#include "inlet/http/errors.h"

namespace inlet::http {
using tcp = asio::ip::tcp;

ServerCore::ServerCore(ServerOptions opts, Handler& h, MetricsRegistry& m)
    : options(std::move(opts)),
      handler(h),
      metrics(m),
      open_connections(m.GetGauge("inlet_http_open_connections", "Open client connections.")),
      requests_in_flight(m.GetGauge("inlet_http_requests_in_flight",
                                    "Requests whose header has arrived and "
                                    "whose answer is not yet written.")),
      inflight_body_bytes(m.GetGauge("inlet_http_inflight_body_bytes",
                                     "Request body bytes reserved by requests in flight.")) {}

bool ServerCore::Reserve(uint64_t held, uint64_t wanted) {
  uint64_t extra = wanted - held;
  uint64_t current = reserved_body_bytes.load();
  do {
    if (current + extra > options.inflight_body_limit) return false;
  } while (!reserved_body_bytes.compare_exchange_weak(current, current + extra));
  inflight_body_bytes.Add(static_cast<int64_t>(extra));
  return true;
}

void ServerCore::Release(uint64_t held) {
  if (held == 0) return;
  reserved_body_bytes.fetch_sub(held);
  inflight_body_bytes.Add(-static_cast<int64_t>(held));
}

void ServerCore::Register(uint64_t id, const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  sessions_[id] = session;
}

void ServerCore::Unregister(uint64_t id) {
  std::function<void()> last;
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
    if (sessions_.empty() && stopping) last = on_last_session_closed;
  }
  if (last) last();
}

size_t ServerCore::SessionCount() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void ServerCore::RecordRequest(const std::string& route, int status, double seconds) {
  metrics
      .GetCounter("inlet_http_requests_total", "HTTP requests answered, by route and status.",
                  {{"route", route}, {"status", std::to_string(status)}})
      .Add();
  metrics
      .GetHistogram("inlet_http_request_duration_seconds",
                    "Time from a request's header to its answer being written, by route.",
                    MetricsRegistry::DefaultLatencyBuckets(), {{"route", route}})
      .Observe(seconds);
}

void ServerCore::CloseIdleSessions() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->CloseIfIdle();
}

void ServerCore::CloseAllSessions() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->ForceClose();
}

class Server::Impl {
 public:
  Impl(ServerOptions options, Handler& handler, MetricsRegistry& metrics)
      : core_(std::move(options), handler, metrics),
        control_(asio::make_strand(core_.io)),
        acceptor_(control_),
        signals_(control_, SIGINT, SIGTERM),
        deadline_(control_),
        work_(asio::make_work_guard(core_.io)) {}

  Result<uint16_t> Listen() {
    beast::error_code ec;
    auto address = asio::ip::make_address(core_.options.host, ec);
    if (ec) {
      return Status::Unavailable("listen-failed",
                                 "\"" + core_.options.host + "\" is not an IP address");
    }
    tcp::endpoint endpoint(address, core_.options.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::Unavailable("listen-failed", "cannot listen on " + core_.options.host + ":" +
                                                      std::to_string(core_.options.port) + ": " +
                                                      ec.message());
    }
    return acceptor_.local_endpoint().port();
  }

  bool Run(std::function<void()> on_stop_requested) {
    on_stop_requested_ = std::move(on_stop_requested);
    signals_.async_wait([this](beast::error_code ec, int signal) {
      if (ec) return;
      spdlog::info("received signal {}, stopping", signal);
      BeginStop();
    });
    core_.on_last_session_closed = [this] { asio::post(control_, [this] { FinishStop(); }); };
    Accept();
    std::vector<std::thread> threads;
    int count = std::max(1, core_.options.threads);
    for (int i = 1; i < count; ++i) threads.emplace_back([this] { core_.io.run(); });
    core_.io.run();
    for (auto& thread : threads) thread.join();
    return !cut_off_;
  }

  void Stop() {
    asio::post(control_, [this] { BeginStop(); });
  }

  bool stopping() const { return core_.stopping; }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(core_.io),
                           [this](beast::error_code ec, tcp::socket socket) {
                             if (ec) {
                               if (ec == asio::error::operation_aborted || core_.stopping) return;
                               spdlog::warn("accept failed: {}", ec.message());
                             } else {
                               StartSession(std::move(socket));
                             }
                             Accept();
                           });
  }

  void StartSession(tcp::socket socket) {
    if (static_cast<int>(core_.SessionCount()) >= core_.options.max_connections) {
      return RejectConnection(std::move(socket));
    }
    auto session = std::make_shared<Session>(core_, std::move(socket), ++next_session_id_);
    core_.Register(next_session_id_, session);
    session->Start();
  }

  // Over the connection limit: one small 503, then close, without any session state.
  void RejectConnection(tcp::socket socket) {
    Response refusal = ErrorResponse(503, "overloaded",
                                     "the server has reached its limit of " +
                                         std::to_string(core_.options.max_connections) +
                                         " connections; retry shortly");
    auto text = std::make_shared<std::string>(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
        std::to_string(refusal.body.size()) + "\r\n\r\n" + refusal.body);
    auto shared_socket = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*shared_socket, asio::buffer(*text),
                      [text, shared_socket](beast::error_code, size_t) {
                        beast::error_code ignored;
                        shared_socket->shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  void BeginStop() {
    if (core_.stopping.exchange(true)) return;
    if (on_stop_requested_) on_stop_requested_();
    beast::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    core_.CloseIdleSessions();
    deadline_.expires_after(std::chrono::milliseconds(core_.options.shutdown_deadline_ms));
    deadline_.async_wait([this](beast::error_code ec) {
      if (ec) return;
      if (core_.SessionCount() > 0) {
        spdlog::warn("shutdown deadline reached with {} connection(s) still open; closing them",
                     core_.SessionCount());
        cut_off_ = true;
        core_.CloseAllSessions();
      }
      FinishStop();
    });
    if (core_.SessionCount() == 0) asio::post(control_, [this] { FinishStop(); });
  }

  void FinishStop() {
    if (finished_) return;
    if (core_.SessionCount() > 0 && !cut_off_) return;
    finished_ = true;
    deadline_.cancel();
    work_.reset();
    // Sessions cut off at the deadline still need their close handlers to run; the
    // io_context returns once nothing is left.
  }

  ServerCore core_;
  // Accepting, signals and the stop sequence all run on this strand, so their state
  // needs no locks.
  asio::strand<asio::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer deadline_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::function<void()> on_stop_requested_;
  uint64_t next_session_id_ = 0;
  bool finished_ = false;
  bool cut_off_ = false;
};

Server::Server(ServerOptions options, Handler& handler, MetricsRegistry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), handler, metrics)) {}
Server::~Server() = default;
Result<uint16_t> Server::Listen() { return impl_->Listen(); }
bool Server::Run(std::function<void()> on_stop_requested) {
  return impl_->Run(std::move(on_stop_requested));
}
void Server::Stop() { impl_->Stop(); }
bool Server::stopping() const { return impl_->stopping(); }

}  // namespace inlet::http
