// Listening, accepting and stopping. Beast lives here and in session.cc only.
#include "inlet/http/server.h"

#include <spdlog/spdlog.h>

#include <thread>
#include <vector>

#include "http/descriptor_limit.h"
#include "http/server_core.h"
#include "http/tls_context.h"
#include "inlet/http/errors.h"

namespace inlet::http {
using tcp = asio::ip::tcp;

namespace {

// Accepting pauses this long when the process is out of descriptors (or memory for a
// socket): long enough not to spin, short enough to resume as soon as one is free.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
// TLS connections over the limit that get a handshake and a 503 at once; more are closed.
constexpr int kMaxRefusingTlsConnections = 64;

bool IsOutOfResources(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec.value() == ENFILE;
}

}  // namespace

ServerCore::ServerCore(ServerOptions opts, Handler& h, MetricsRegistry& m)
    : options(std::move(opts)),
      handler(h),
      metrics(m),
      budget(std::make_shared<InflightBudget>(
          options.inflight_body_limit,
          m.GetGauge("inlet_http_inflight_body_bytes",
                     "Request data held in memory: bodies as they arrive, then what decoding "
                     "and parsing make of them, until their records are committed."))),
      open_connections(m.GetGauge("inlet_http_open_connections", "Open client connections.")),
      requests_in_flight(m.GetGauge("inlet_http_requests_in_flight",
                                    "Requests whose header has arrived and "
                                    "whose answer is not yet written.")) {}

void ServerCore::Register(uint64_t id, const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  sessions_[id] = session;
}

void ServerCore::Unregister(uint64_t id) {
  std::function<void()> last;
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
    if (sessions_.empty() && stopping) last = on_last_session_closed_;
  }
  if (last) last();
}

void ServerCore::OnLastSessionClosed(std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  on_last_session_closed_ = std::move(callback);
}

size_t ServerCore::SessionCount() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::shared_ptr<asio::ssl::context> ServerCore::tls_context() {
  std::lock_guard lock(mutex_);
  return tls_context_;
}

void ServerCore::set_tls_context(std::shared_ptr<asio::ssl::context> context) {
  std::lock_guard lock(mutex_);
  tls_context_ = std::move(context);
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

void ServerCore::RecordHandshakeFailure(HandshakeFailure reason) {
  const char* label = reason == HandshakeFailure::kPlainHttp ? "plain-http"
                      : reason == HandshakeFailure::kTimeout ? "timeout"
                                                             : "handshake";
  metrics
      .GetCounter("inlet_tls_handshake_failures_total",
                  "TLS connections that ended before their first request, by reason: plain "
                  "HTTP on the HTTPS port, a failed handshake (old version, no or untrusted "
                  "client certificate), or no handshake within server.readTimeoutMs.",
                  {{"reason", label}})
      .Add();
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
        reload_signal_(control_, SIGHUP),
        deadline_(control_),
        accept_pause_(control_),
        work_(asio::make_work_guard(core_.io)) {}

  // Sessions still alive when the server goes (cut off at the deadline, or kept by a
  // handler's responder) must not call back into the stop sequence, whose strand goes
  // first.
  ~Impl() { core_.OnLastSessionClosed(nullptr); }

  Result<uint16_t> Listen() {
    if (core_.options.tls.enabled()) {
      INLET_ASSIGN_OR_RETURN(auto context, MakeTlsContext(core_.options.tls));
      core_.set_tls_context(std::move(context));
    }
    core_.options.max_connections = FitConnectionsToDescriptorLimit(core_.options.max_connections);

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
    if (!core_.options.tls.enabled() && !address.is_loopback()) {
      spdlog::warn(
          "serving plain HTTP on {}: tokens and records cross the network unencrypted. Set "
          "server.tlsCertificate and server.tlsPrivateKey, or put a TLS proxy in front",
          core_.options.host);
    }
    return acceptor_.local_endpoint().port();
  }

  int max_connections() const { return core_.options.max_connections; }

  bool Run(std::function<void()> on_stop_requested) {
    on_stop_requested_ = std::move(on_stop_requested);
    signals_.async_wait([this](beast::error_code ec, int signal) {
      if (ec) return;
      spdlog::info("received signal {}, stopping", signal);
      BeginStop();
    });
    WaitForReload();
    core_.OnLastSessionClosed([this] { asio::post(control_, [this] { FinishStop(); }); });
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
                             if (ec) return OnAcceptFailed(ec);
                             StartSession(std::move(socket));
                             Accept();
                           });
  }

  void OnAcceptFailed(const beast::error_code& ec) {
    if (ec == asio::error::operation_aborted || core_.stopping) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_accept_warning_ >= std::chrono::seconds(1)) {
      last_accept_warning_ = now;
      spdlog::warn("accept failed: {} ({} connections open){}", ec.message(), core_.SessionCount(),
                   IsOutOfResources(ec) ? "; pausing new connections until some close" : "");
    }
    if (!IsOutOfResources(ec)) return Accept();
    // Out of descriptors the pending connection stays in the backlog: accepting again at
    // once would fail again at once, a busy loop.
    accept_pause_.expires_after(kAcceptPause);
    accept_pause_.async_wait([this](beast::error_code wait_ec) {
      if (wait_ec || core_.stopping) return;
      Accept();
    });
  }

  void StartSession(tcp::socket socket) {
    if (static_cast<int>(core_.SessionCount()) >= core_.options.max_connections) {
      return RejectConnection(std::move(socket));
    }
    auto session = MakeSession(core_, std::move(socket), ++next_session_id_, core_.tls_context());
    core_.Register(next_session_id_, session);
    session->Start();
  }

  // Over the connection limit: one small 503, then close, without any session state.
  // On the HTTPS port the 503 needs a handshake first; a bounded number of those run at
  // once, and past that the connection is just closed.
  void RejectConnection(tcp::socket socket) {
    Response refusal = ErrorResponse(503, "overloaded",
                                     "the server has reached its limit of " +
                                         std::to_string(core_.options.max_connections) +
                                         " connections; retry shortly");
    if (auto tls = core_.tls_context()) {
      if (core_.refusing_tls.fetch_add(1) >= kMaxRefusingTlsConnections) {
        core_.refusing_tls.fetch_sub(1);
        beast::error_code ignored;
        socket.close(ignored);
        return;
      }
      MakeRefusingTlsSession(core_, std::move(socket), std::move(tls), std::move(refusal))->Start();
      return;
    }
    auto shared_socket = std::make_shared<tcp::socket>(std::move(socket));
    auto text = std::make_shared<std::string>(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
        std::to_string(refusal.body.size()) + "\r\n\r\n" + refusal.body);
    asio::async_write(*shared_socket, asio::buffer(*text),
                      [text, shared_socket](beast::error_code, size_t) {
                        beast::error_code ignored;
                        shared_socket->shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  // SIGHUP re-reads the TLS files for new connections; open ones keep what they have.
  // A file that does not load leaves the old context in use.
  void WaitForReload() {
    reload_signal_.async_wait([this](beast::error_code ec, int) {
      if (ec) return;
      if (!core_.options.tls.enabled()) {
        spdlog::info("SIGHUP: serving plain HTTP, no TLS files to read again");
      } else if (auto context = MakeTlsContext(core_.options.tls); context.ok()) {
        core_.set_tls_context(std::move(*context));
        spdlog::info("SIGHUP: TLS certificate, key and client CA read again for new connections");
      } else {
        spdlog::error("SIGHUP: TLS files not reloaded, the previous ones stay in use: {}",
                      context.status().message());
      }
      WaitForReload();
    });
  }

  void BeginStop() {
    if (core_.stopping.exchange(true)) return;
    if (on_stop_requested_) on_stop_requested_();
    beast::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    reload_signal_.cancel(ignored);
    accept_pause_.cancel();
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
  asio::signal_set reload_signal_;
  asio::steady_timer deadline_;
  asio::steady_timer accept_pause_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::function<void()> on_stop_requested_;
  uint64_t next_session_id_ = 0;
  std::chrono::steady_clock::time_point last_accept_warning_;
  bool finished_ = false;
  bool cut_off_ = false;
};

Server::Server(ServerOptions options, Handler& handler, MetricsRegistry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), handler, metrics)) {}
Server::~Server() = default;
Result<uint16_t> Server::Listen() { return impl_->Listen(); }
int Server::max_connections() const { return impl_->max_connections(); }
bool Server::Run(std::function<void()> on_stop_requested) {
  return impl_->Run(std::move(on_stop_requested));
}
void Server::Stop() { impl_->Stop(); }
bool Server::stopping() const { return impl_->stopping(); }

}  // namespace inlet::http
