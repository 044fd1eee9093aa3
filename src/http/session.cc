// One connection of the HTTP server, plain or TLS. Beast lives here, in server.cc, in
// streamed_body_writer.cc (answers whose body comes a piece at a time) and in
// request_head.cc only.
//
// Every phase of a request has a bound (SPEC §8): silence before a request (idle
// timeout), silence between bytes (read timeout), the whole header from its first byte
// (header deadline), an admitted request from its first byte to its last (request
// deadline), and what a refused request may still send (drain bytes and time). The read
// buffer has a fixed size, which bounds chunk-size lines, chunk extensions and trailers.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/beast/core/string.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>

#include "http/request_head.h"
#include "http/server_core.h"
#include "http/streamed_body_writer.h"
#include "http/tls_opening.h"
#include "inlet/common/logging.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// After refusing a request whose body may already be on its way, this much of it is
// read and thrown away so the client sees the answer rather than a connection reset.
constexpr uint64_t kDrainLimitBytes = 1 << 20;
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr size_t kReadChunkBytes = 64 * 1024;
// Room in the read buffer beyond a full header: a chunk-size line with its extensions,
// or a trailer section, must fit in the header limit plus this.
constexpr size_t kBufferSlackBytes = 16 * 1024;

using PlainStream = beast::tcp_stream;

bool IsExpectContinue(std::string_view value) { return beast::iequals(value, "100-continue"); }

std::chrono::milliseconds Ms(int ms) { return std::chrono::milliseconds(ms); }

template <class Stream>
class Connection : public Session, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Connection(ServerCore& core, tcp::socket socket, uint64_t id, std::shared_ptr<ssl::context> tls,
             std::optional<Response> refusal)
      : core_(core),
        id_(id),
        refusing_(refusal.has_value()),
        refusal_(std::move(refusal)),
        tls_(std::move(tls)),
        stream_(OpenStream(std::move(socket), tls_.get())),
        body_timer_(socket_executor()),
        buffer_(core.options.header_limit_bytes + kBufferSlackBytes) {
    core_.open_connections.Add(1);
  }

  ~Connection() override {
    if (in_flight_) core_.requests_in_flight.Add(-1);
    core_.open_connections.Add(-1);
    if (refusing_) {
      core_.refusing_tls.fetch_sub(1);
    } else {
      core_.Unregister(id_);
    }
  }

  void Start() override {
    buffer_.reserve(std::min(kReadChunkBytes, buffer_.max_size()));
    if constexpr (kTls) {
      OpenTls(core_, id_, stream_, buffer_, [self = this->shared_from_this()](TlsOpening opening) {
        self->OnTlsOpened(opening);
      });
    } else {
      ReadHeader();
    }
  }

  void CloseIfIdle() override {
    asio::post(socket_executor(), [self = this->shared_from_this()] {
      if (!self->in_flight_) self->Close();
    });
  }

  void ForceClose() override {
    asio::post(socket_executor(), [self = this->shared_from_this()] { self->Close(); });
  }

 private:
  static Stream OpenStream(tcp::socket socket, ssl::context* tls) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  auto socket_executor() { return beast::get_lowest_layer(stream_).get_executor(); }

  // The time left before the current deadline, but at most `silence_ms`.
  Clock::duration Until(int silence_ms) const {
    auto left = deadline_ - Clock::now();
    return std::clamp<Clock::duration>(left, Clock::duration::zero(), Ms(silence_ms));
  }
  bool PastDeadline() const { return Clock::now() >= deadline_; }

  void OnTlsOpened(TlsOpening opening) {
    if (opening == TlsOpening::kClose) return Close();
    if (refusal_) return RefuseAndClose(std::move(*refusal_));
    ReadHeader();
  }

  // --- The request head.

  void ReadHeader() {
    if (core_.stopping || closed_) return Close();
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(core_.options.header_limit_bytes));
    // Beast checks Content-Length against this parser's own limit (1 MiB by default) as
    // soon as the header is complete; the admitted limit is set on the body parser.
    header_parser_->body_limit(boost::none);
    body_parser_.reset();
    admission_state_.reset();
    memory_.reset();
    route_ = "unmatched";
    request_keep_alive_ = false;
    receipt_id_.clear();
    endpoint_id_.clear();
    waiting_for_request_ = buffer_.size() == 0;
    if (!waiting_for_request_) BeginRequest();
    ReadHeaderBytes();
  }

  // The header deadline runs from the request's first byte.
  void BeginRequest() {
    request_started_ = Clock::now();
    deadline_ = request_started_ + Ms(core_.options.header_deadline_ms);
  }

  void ReadHeaderBytes() {
    tcp().expires_after(waiting_for_request_ ? Clock::duration(Ms(core_.options.idle_timeout_ms))
                                             : Until(core_.options.read_timeout_ms));
    bhttp::async_read_some(stream_, buffer_, *header_parser_,
                           [self = this->shared_from_this()](beast::error_code ec, size_t) {
                             self->OnHeaderBytes(ec);
                           });
  }

  void OnHeaderBytes(beast::error_code ec) {
    if (ec) {
      if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
        BeginAnswerWithoutHead();
        return RefuseAndClose(ErrorResponse(431, "header-too-large",
                                            "the request header is larger than the limit of " +
                                                std::to_string(core_.options.header_limit_bytes) +
                                                " bytes"));
      }
      // The parser may already have consumed what arrived: ask it, not the buffer.
      bool partial = header_parser_->got_some() || buffer_.size() > 0;
      if (partial && ec != beast::error::timeout && ec != asio::error::operation_aborted &&
          ec != bhttp::error::end_of_stream && ec != asio::error::eof &&
          ec != asio::error::connection_reset && ec != ssl::error::stream_truncated) {
        BeginAnswerWithoutHead();
        return RefuseAndClose(ErrorResponse(400, "malformed-request",
                                            "the request is not valid HTTP/1.1: " + ec.message()));
      }
      // Silence, a trickled header past its deadline, or a closed connection: nobody
      // is waiting for an answer that says so.
      return Close();
    }
    if (waiting_for_request_) {
      waiting_for_request_ = false;
      BeginRequest();
    }
    if (!header_parser_->is_header_done()) return ReadHeaderBytes();
    OnHeaderComplete();
  }

  void MarkInFlight() {
    in_flight_ = true;
    core_.requests_in_flight.Add(1);
    answer_started_ = Clock::now();
  }

  // For an answer to bytes that never became a request head.
  void BeginAnswerWithoutHead() {
    MarkInFlight();
    head_ = RequestHead{};
    head_.method = "?";
    head_.target = "?";
  }

  void OnHeaderComplete() {
    MarkInFlight();
    head_ = MakeHead(*header_parser_, PeerAddress());
    head_.shutting_down = core_.stopping;

    Admission admission;
    try {
      admission = core_.handler.Admit(head_);
    } catch (const std::exception& e) {
      spdlog::error("request {}: admission failed: {}", head_.request_id, e.what());
      admission.refusal = ErrorResponse(500, "internal-error",
                                        "an internal error occurred; it has been logged with "
                                        "request id " +
                                            head_.request_id);
    }
    admission_state_ = std::move(admission.state);
    request_keep_alive_ = header_parser_->get().keep_alive();
    if (admission.refusal) {
      // Only a body that may still be on its way forces the connection closed.
      bool body_may_follow = head_.chunked || head_.content_length.value_or(0) > 0;
      if (body_may_follow) return RefuseAndClose(std::move(*admission.refusal));
      return Write(std::move(*admission.refusal));
    }

    deadline_ = request_started_ + Ms(core_.options.request_deadline_ms);
    body_limit_ = admission.body_limit;
    memory_ = std::make_shared<Reservation>(core_.budget);
    uint64_t declared = head_.content_length.value_or(0);
    // Beast's body parser reserves a declared length before it checks it against its
    // limit: a length past the limit must never reach it, whatever admission checked.
    if (declared > body_limit_) return RefuseBody(Refusal::kBodyTooLarge, body_limit_);
    if (declared > 0 && !memory_->Resize(declared)) {
      return RefuseBody(Refusal::kOverloaded, core_.budget->limit());
    }
    bool expects_continue =
        head_.version >= 11 && IsExpectContinue(header_parser_->get()[bhttp::field::expect]);
    body_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    body_parser_->body_limit(body_limit_);

    if (expects_continue && !body_parser_->is_done()) {
      auto interim =
          std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
      tcp().expires_after(Until(core_.options.read_timeout_ms));
      bhttp::async_write(stream_, *interim,
                         [self = this->shared_from_this(), interim](beast::error_code ec, size_t) {
                           if (ec) return self->Close();
                           self->ReadBody();
                         });
      return;
    }
    ReadBody();
  }

  // --- The body of an admitted request.

  void ReadBody() {
    if (body_parser_->is_done()) return Dispatch();
    // A timer of our own rather than the stream's, which would close the socket and
    // leave no way to answer 408: this one only cancels the read.
    tcp().expires_never();
    body_timed_out_ = false;
    body_timer_.expires_after(Until(core_.options.read_timeout_ms));
    body_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: bytes arrived in time
      self->body_timed_out_ = true;
      beast::error_code ignored;
      self->tcp().socket().cancel(ignored);
    });
    bhttp::async_read_some(
        stream_, buffer_, *body_parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBodyBytes(ec); });
  }

  void OnBodyBytes(beast::error_code ec) {
    body_timer_.cancel();
    if (body_timed_out_ && ec == asio::error::operation_aborted) ec = beast::error::timeout;
    if (ec == bhttp::error::body_limit) return RefuseBody(Refusal::kBodyTooLarge, body_limit_);
    if (ec == bhttp::error::buffer_overflow) {
      return RefuseAndClose(ErrorResponse(
          431, "chunk-header-too-large",
          "a chunk-size line with its extensions, or the trailer section, is longer than " +
              std::to_string(buffer_.max_size()) + " bytes"));
    }
    uint64_t held = body_parser_->get().body().size();
    // A chunked body (or one longer than declared, which the parser stops at the limit)
    // reserves as it arrives.
    if (held > memory_->bytes() && !memory_->Resize(held)) {
      return RefuseBody(Refusal::kOverloaded, core_.budget->limit());
    }
    if (ec) {
      if (ec == beast::error::timeout) {
        return RefuseAndClose(ErrorResponse(
            408, "request-timeout",
            PastDeadline()
                ? "the request did not arrive within " +
                      std::to_string(core_.options.request_deadline_ms) +
                      " ms (server.requestDeadlineMs); it was abandoned"
                : "no body bytes arrived for " + std::to_string(core_.options.read_timeout_ms) +
                      " ms; the request was abandoned"));
      }
      if (ec != asio::error::eof && ec != bhttp::error::end_of_stream &&
          ec != asio::error::operation_aborted && ec != asio::error::connection_reset &&
          ec != bhttp::error::partial_message && ec != ssl::error::stream_truncated) {
        return RefuseAndClose(ErrorResponse(400, "malformed-request",
                                            "the request body could not be read: " + ec.message()));
      }
      return Close();
    }
    ReadBody();
  }

  void Dispatch() {
    Request request{head_, std::move(body_parser_->get().body()), admission_state_, memory_};
    // The body now belongs to the handler; its reservation holds until the answer.
    auto responded = std::make_shared<std::atomic<bool>>(false);
    Responder respond = [self = this->shared_from_this(), responded](Response response) {
      if (responded->exchange(true)) return;
      self->Respond(std::move(response));
    };
    try {
      core_.handler.Handle(std::move(request), respond);
    } catch (const std::exception& e) {
      spdlog::error("request {} {} {}: handler failed: {}", head_.request_id, head_.method,
                    head_.path, e.what());
      respond(ErrorResponse(
          500, "internal-error",
          "an internal error occurred; it has been logged with request id " + head_.request_id));
    }
  }

  // --- Answers.

  // Thread-safe: hands the response to the connection's strand.
  void Respond(Response response) {
    asio::post(socket_executor(),
               [self = this->shared_from_this(), response = std::move(response)]() mutable {
                 self->Write(std::move(response));
               });
  }

  void Write(Response response) {
    if (closed_) return;
    // The handler is done with the request's data once it answers, and a client may send
    // its next request the moment it reads this answer: what this one held is free first.
    if (memory_) memory_->Resize(0);
    route_ = response.route;
    receipt_id_ = response.receipt_id;
    endpoint_id_ = response.endpoint_id;
    bool keep_alive = !response.close_connection && !core_.stopping && request_keep_alive_;
    if (response.stream) return WriteStreamed(std::move(response), keep_alive);
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
    SetHead(*message, response, keep_alive);
    message->body() = std::move(response.body);
    message->prepare_payload();
    int status = response.status;
    uint64_t bytes_out = message->body().size();
    // A client that stops reading its answer holds the connection no longer than this;
    // a refused one (the connection closes after it) no longer than the header deadline.
    tcp().expires_after(
        Ms(keep_alive ? core_.options.read_timeout_ms
                      : std::min(core_.options.read_timeout_ms, core_.options.header_deadline_ms)));
    bhttp::async_write(stream_, *message,
                       [self = this->shared_from_this(), message, keep_alive, status, bytes_out](
                           beast::error_code ec, size_t) {
                         self->FinishRequest(status, bytes_out, BodySent::kWhole);
                         self->OnWritten(!keep_alive, ec);
                       });
  }

  // What the head of every answer carries, from the handler's response.
  template <class Body>
  void SetHead(bhttp::response<Body>& message, const Response& response, bool keep_alive) {
    message.version(head_.version == 10 ? 10 : 11);
    message.result(static_cast<unsigned>(response.status));
    for (const auto& field : response.headers.fields()) message.insert(field.name, field.value);
    if (!response.content_type.empty()) {
      message.set(bhttp::field::content_type, response.content_type);
    }
    if (!head_.request_id.empty()) message.set("X-Request-Id", head_.request_id);
    message.keep_alive(keep_alive);
  }

  // A body that comes a piece at a time (streamed_body_writer.h). An HTTP/1.0 client gets
  // it unframed, so the connection closes at its end.
  void WriteStreamed(Response response, bool keep_alive) {
    keep_alive = keep_alive && head_.version >= 11;
    bhttp::response<bhttp::empty_body> head;
    SetHead(head, response, keep_alive);
    streamed_status_ = response.status;
    writer_ = std::make_shared<StreamedBodyWriter<Stream>>(
        stream_, this->weak_from_this(), Ms(core_.options.read_timeout_ms),
        std::move(response.stream), head_.request_id,
        // The writer keeps this connection alive while it calls back.
        [this, keep_alive](StreamEnd end, uint64_t body_bytes) {
          OnStreamEnd(end, body_bytes, keep_alive);
        });
    writer_->Start(std::move(head));
  }

  void OnStreamEnd(StreamEnd end, uint64_t body_bytes, bool keep_alive) {
    writer_.reset();
    FinishRequest(streamed_status_, body_bytes,
                  end == StreamEnd::kComplete ? BodySent::kWhole : BodySent::kCut);
    switch (end) {
      case StreamEnd::kComplete:
        return OnWritten(!keep_alive, {});
      case StreamEnd::kStreamFailed:
        spdlog::warn("request {}: its streamed body failed after {} bytes; connection cut",
                     head_.request_id, body_bytes);
        return Close(head_.version >= 11 ? CloseWith::kEnd : CloseWith::kReset);
      case StreamEnd::kWriteFailed:
        return Close();
    }
  }

  void OnWritten(bool close, beast::error_code ec) {
    if (ec || close) return DrainThenClose();
    ReadHeader();
  }

  void RefuseAndClose(Response response) {
    response.close_connection = true;
    Write(std::move(response));
  }

  // Reads and drops what the client still sends, so it reads the answer rather than a
  // reset: at most kDrainLimitBytes, for at most kDrainTime in all.
  void DrainThenClose() {
    if (closed_) return;
    if (!draining_) {
      draining_ = true;
      drain_deadline_ = Clock::now() + kDrainTime;
    }
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (drained_bytes_ >= kDrainLimitBytes || Clock::now() >= drain_deadline_) return Close();
    tcp().expires_at(drain_deadline_);
    auto scratch = std::make_shared<std::array<char, 16 * 1024>>();
    tcp().async_read_some(asio::buffer(*scratch), [self = this->shared_from_this(), scratch](
                                                      beast::error_code ec, size_t n) {
      self->drained_bytes_ += n;
      if (ec) return self->Close();
      self->DrainThenClose();
    });
  }

  // A reset rather than the usual clean end tells a client whose body ends with the
  // connection (HTTP/1.0) that it did not get all of it.
  enum class CloseWith { kEnd, kReset };

  void Close(CloseWith how = CloseWith::kEnd) {
    if (closed_) return;
    closed_ = true;
    body_timer_.cancel();
    AbandonStreamedBody();
    beast::error_code ignored;
    if (how == CloseWith::kReset) {
      tcp().socket().set_option(asio::socket_base::linger(true, 0), ignored);
    } else {
      tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
    tcp().close();
  }

  // The connection goes while a streamed body is being written: its stream is released
  // and the request is logged with what was sent.
  void AbandonStreamedBody() {
    if (!writer_) return;
    writer_->Abandon();
    FinishRequest(streamed_status_, writer_->body_bytes(), BodySent::kCut);
    writer_.reset();
  }

  // The client's address, asked of the socket once per connection, not per request.
  const std::string& PeerAddress() {
    if (!peer_address_) {
      beast::error_code ignored;
      auto endpoint = tcp().socket().remote_endpoint(ignored);
      peer_address_ = ignored ? "" : endpoint.address().to_string();
    }
    return *peer_address_;
  }

  enum class BodySent { kWhole, kCut };

  void FinishRequest(int status, uint64_t bytes_out, BodySent sent) {
    if (!in_flight_) return;
    in_flight_ = false;
    core_.requests_in_flight.Add(-1);
    memory_.reset();
    admission_state_.reset();
    double seconds = std::chrono::duration<double>(Clock::now() - answer_started_).count();
    core_.RecordRequest(route_, status, seconds);
    uint64_t bytes_in = head_.content_length.value_or(0);
    LogRequest(fmt::format("{} {} {} in={} out={} {:.1f}ms rid={}{}{}{}{}{}", head_.method,
                           head_.path, status, bytes_in, bytes_out, seconds * 1000,
                           head_.request_id, endpoint_id_.empty() ? "" : " endpoint=", endpoint_id_,
                           receipt_id_.empty() ? "" : " receipt=", receipt_id_,
                           sent == BodySent::kCut ? " truncated" : ""));
  }

  // Asks the handler to word a refusal of the current request, then closes.
  void RefuseBody(Refusal reason, uint64_t limit) {
    Request request{head_, {}, admission_state_, nullptr};
    body_parser_.reset();
    memory_.reset();
    try {
      core_.handler.Refuse(std::move(request), reason, limit,
                           [self = this->shared_from_this()](Response response) {
                             response.close_connection = true;
                             self->Respond(std::move(response));
                           });
    } catch (const std::exception& e) {
      spdlog::error("request {}: refusing failed: {}", head_.request_id, e.what());
      RefuseAndClose(ErrorResponse(500, "internal-error", "an internal error occurred"));
    }
  }

  ServerCore& core_;
  uint64_t id_;
  // Set for a connection over the limit on the HTTPS port: the answer it gets once the
  // handshake lets the client read it.
  const bool refusing_;
  std::optional<Response> refusal_;
  std::shared_ptr<ssl::context> tls_;  // kept for the stream's lifetime (TLS only)
  Stream stream_;
  asio::steady_timer body_timer_;  // silence while a body is read (see ReadBody)
  bool body_timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> body_parser_;
  // The answer being written a piece at a time, and its status (for the request's line).
  std::shared_ptr<StreamedBodyWriter<Stream>> writer_;
  int streamed_status_ = 0;
  RequestHead head_;
  std::shared_ptr<void> admission_state_;
  std::shared_ptr<Reservation> memory_;  // this request's share of the in-flight ceiling
  uint64_t body_limit_ = 0;
  bool waiting_for_request_ = true;  // no byte of the next request has arrived
  bool in_flight_ = false;           // its header has arrived; its answer is not written
  bool request_keep_alive_ = false;
  bool closed_ = false;
  Clock::time_point request_started_;  // the request's first byte
  Clock::time_point deadline_;         // of the phase the request is in
  Clock::time_point answer_started_;   // the header complete: what request latency measures
  Clock::time_point drain_deadline_;
  std::string route_, receipt_id_, endpoint_id_;
  std::optional<std::string> peer_address_;
  bool draining_ = false;
  uint64_t drained_bytes_ = 0;
};

}  // namespace

std::shared_ptr<Session> MakeSession(ServerCore& core, tcp::socket socket, uint64_t id,
                                     std::shared_ptr<ssl::context> tls) {
  if (tls) {
    return std::make_shared<Connection<TlsStream>>(core, std::move(socket), id, std::move(tls),
                                                   std::nullopt);
  }
  return std::make_shared<Connection<PlainStream>>(core, std::move(socket), id, nullptr,
                                                   std::nullopt);
}

std::shared_ptr<Session> MakeRefusingTlsSession(ServerCore& core, tcp::socket socket,
                                                std::shared_ptr<ssl::context> tls,
                                                Response refusal) {
  return std::make_shared<Connection<TlsStream>>(core, std::move(socket), 0, std::move(tls),
                                                 std::move(refusal));
}

}  // namespace inlet::http
