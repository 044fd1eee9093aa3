// One connection of the HTTP server. Beast lives here, in server.cc and request_head.cc only.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/beast/core/string.hpp>

#include "http/request_head.h"
#include "http/server_core.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// After refusing a request whose body may already be on its way, this much of it is
// read and thrown away so the client sees the answer rather than a connection reset.
constexpr uint64_t kDrainLimitBytes = 1 << 20;
constexpr auto kDrainTimeout = std::chrono::seconds(2);
constexpr size_t kReadBufferBytes = 64 * 1024;

bool IsExpectContinue(std::string_view value) { return beast::iequals(value, "100-continue"); }

}  // namespace

Session::Session(ServerCore& core, tcp::socket socket, uint64_t id)
    : core_(core), id_(id), stream_(std::move(socket)), body_timer_(stream_.get_executor()) {
  core_.open_connections.Add(1);
}

Session::~Session() {
  ReleaseReservation();
  if (in_flight_) core_.requests_in_flight.Add(-1);
  core_.open_connections.Add(-1);
  core_.Unregister(id_);
}

void Session::Start() {
  buffer_.reserve(kReadBufferBytes);
  ReadHeader();
}

void Session::CloseIfIdle() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->waiting_for_request_ && !self->in_flight_) self->Close();
  });
}

void Session::ForceClose() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
}

void Session::ReadHeader() {
  if (core_.stopping || closed_) return Close();
  header_parser_.emplace();
  header_parser_->header_limit(static_cast<std::uint32_t>(core_.options.header_limit_bytes));
  // Beast checks Content-Length against this parser's own limit (1 MiB by default) as
  // soon as the header is complete; the admitted limit is set on the body parser.
  header_parser_->body_limit(boost::none);
  body_parser_.reset();
  admission_state_.reset();
  route_ = "unmatched";
  request_keep_alive_ = false;
  receipt_id_.clear();
  endpoint_id_.clear();
  waiting_for_request_ = buffer_.size() == 0;
  stream_.expires_after(std::chrono::milliseconds(
      waiting_for_request_ ? core_.options.idle_timeout_ms : core_.options.read_timeout_ms));
  bhttp::async_read_some(
      stream_, buffer_, *header_parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeaderBytes(ec); });
}

void Session::OnHeaderBytes(beast::error_code ec) {
  if (ec) {
    if (ec == bhttp::error::header_limit) {
      started_ = std::chrono::steady_clock::now();
      in_flight_ = true;
      core_.requests_in_flight.Add(1);
      head_ = RequestHead{};
      head_.method = "?";
      head_.target = "?";
      return RefuseAndClose(ErrorResponse(431, "header-too-large",
                                          "the request header is larger than the limit of " +
                                              std::to_string(core_.options.header_limit_bytes) +
                                              " bytes"));
    }
    // The parser may already have consumed what arrived: ask it, not the buffer.
    bool partial = header_parser_->got_some() || buffer_.size() > 0;
    if (partial && ec != beast::error::timeout && ec != asio::error::operation_aborted &&
        ec != bhttp::error::end_of_stream && ec != asio::error::eof &&
        ec != asio::error::connection_reset) {
      started_ = std::chrono::steady_clock::now();
      in_flight_ = true;
      core_.requests_in_flight.Add(1);
      head_ = RequestHead{};
      head_.method = "?";
      head_.target = "?";
      return RefuseAndClose(ErrorResponse(400, "malformed-request",
                                          "the request is not valid HTTP/1.1: " + ec.message()));
    }
    return Close();
  }
  if (waiting_for_request_) {
    waiting_for_request_ = false;
    stream_.expires_after(std::chrono::milliseconds(core_.options.read_timeout_ms));
  }
  if (!header_parser_->is_header_done()) {
    stream_.expires_after(std::chrono::milliseconds(core_.options.read_timeout_ms));
    bhttp::async_read_some(
        stream_, buffer_, *header_parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeaderBytes(ec); });
    return;
  }
  OnHeaderComplete();
}

void Session::OnHeaderComplete() {
  started_ = std::chrono::steady_clock::now();
  in_flight_ = true;
  core_.requests_in_flight.Add(1);
  beast::error_code ignored;
  auto endpoint = stream_.socket().remote_endpoint(ignored);
  head_ = MakeHead(*header_parser_, ignored ? "" : endpoint.address().to_string());
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

  body_limit_ = admission.body_limit;
  uint64_t declared = head_.content_length.value_or(0);
  if (declared > 0 && declared <= body_limit_) {
    if (!core_.Reserve(0, declared)) {
      return RefuseBody(Refusal::kOverloaded, core_.options.inflight_body_limit);
    }
    reserved_ = declared;
  }
  bool expects_continue =
      head_.version >= 11 && IsExpectContinue(header_parser_->get()[bhttp::field::expect]);
  body_parser_.emplace(std::move(*header_parser_));
  header_parser_.reset();
  body_parser_->body_limit(body_limit_);

  if (expects_continue && !body_parser_->is_done()) {
    auto interim =
        std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
    stream_.expires_after(std::chrono::milliseconds(core_.options.read_timeout_ms));
    bhttp::async_write(stream_, *interim,
                       [self = shared_from_this(), interim](beast::error_code ec, size_t) {
                         if (ec) return self->Close();
                         self->ReadBody();
                       });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  if (body_parser_->is_done()) return Dispatch();
  // The timeout restarts with every read: it bounds silence, not the whole upload. It is
  // a timer of our own rather than the stream's, which would close the socket and leave
  // no way to answer 408: this one only cancels the read.
  stream_.expires_never();
  body_timed_out_ = false;
  body_timer_.expires_after(std::chrono::milliseconds(core_.options.read_timeout_ms));
  body_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec) return;  // cancelled: bytes arrived in time
    self->body_timed_out_ = true;
    beast::error_code ignored;
    self->stream_.socket().cancel(ignored);
  });
  bhttp::async_read_some(
      stream_, buffer_, *body_parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBodyBytes(ec); });
}

void Session::OnBodyBytes(beast::error_code ec) {
  body_timer_.cancel();
  if (body_timed_out_ && ec == asio::error::operation_aborted) ec = beast::error::timeout;
  if (ec == bhttp::error::body_limit) return RefuseBody(Refusal::kBodyTooLarge, body_limit_);
  uint64_t held = body_parser_->get().body().size();
  if (held > reserved_) {
    // A chunked body (or one longer than declared, which the parser stops at the
    // limit) reserves as it arrives.
    if (!core_.Reserve(reserved_, held)) {
      return RefuseBody(Refusal::kOverloaded, core_.options.inflight_body_limit);
    }
    reserved_ = held;
  }
  if (ec) {
    if (ec == beast::error::timeout) {
      return RefuseAndClose(ErrorResponse(408, "request-timeout",
                                          "no body bytes arrived for " +
                                              std::to_string(core_.options.read_timeout_ms) +
                                              " ms; the request was abandoned"));
    }
    if (ec != asio::error::eof && ec != bhttp::error::end_of_stream &&
        ec != asio::error::operation_aborted && ec != asio::error::connection_reset &&
        ec != bhttp::error::partial_message) {
      return RefuseAndClose(ErrorResponse(400, "malformed-request",
                                          "the request body could not be read: " + ec.message()));
    }
    return Close();
  }
  ReadBody();
}

void Session::Dispatch() {
  Request request{head_, std::move(body_parser_->get().body()), admission_state_};
  // The body now belongs to the handler; its reservation holds until the answer.
  auto responded = std::make_shared<std::atomic<bool>>(false);
  Responder respond = [self = shared_from_this(), responded](Response response) {
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

void Session::Respond(Response response) {
  asio::post(stream_.get_executor(),
             [self = shared_from_this(), response = std::move(response)]() mutable {
               self->Write(std::move(response));
             });
}

void Session::Write(Response response) {
  if (closed_) return;
  route_ = response.route;
  receipt_id_ = response.receipt_id;
  endpoint_id_ = response.endpoint_id;
  bool keep_alive = !response.close_connection && !core_.stopping && request_keep_alive_;
  int version = head_.version == 10 ? 10 : 11;
  auto message = std::make_shared<bhttp::response<bhttp::string_body>>();
  message->version(version);
  message->result(static_cast<unsigned>(response.status));
  for (const auto& field : response.headers.fields()) message->insert(field.name, field.value);
  message->set(bhttp::field::content_type, response.content_type);
  if (!head_.request_id.empty()) message->set("X-Request-Id", head_.request_id);
  message->body() = std::move(response.body);
  message->keep_alive(keep_alive);
  message->prepare_payload();
  int status = response.status;
  uint64_t bytes_out = message->body().size();
  stream_.expires_after(std::chrono::milliseconds(core_.options.read_timeout_ms));
  bhttp::async_write(stream_, *message,
                     [self = shared_from_this(), message, keep_alive, status, bytes_out](
                         beast::error_code ec, size_t) {
                       self->FinishRequest(status, bytes_out);
                       self->OnWritten(!keep_alive, ec);
                     });
}

void Session::OnWritten(bool close, beast::error_code ec) {
  if (ec || close) return DrainThenClose();
  ReadHeader();
}

void Session::RefuseAndClose(Response response) {
  response.close_connection = true;
  Write(std::move(response));
}

void Session::DrainThenClose() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (drained_bytes_ >= kDrainLimitBytes || closed_) return Close();
  stream_.expires_after(kDrainTimeout);
  auto scratch = std::make_shared<std::array<char, 16 * 1024>>();
  stream_.async_read_some(asio::buffer(*scratch),
                          [self = shared_from_this(), scratch](beast::error_code ec, size_t n) {
                            self->drained_bytes_ += n;
                            if (ec) return self->Close();
                            self->DrainThenClose();
                          });
}

void Session::Close() {
  if (closed_) return;
  closed_ = true;
  body_timer_.cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void Session::FinishRequest(int status, uint64_t bytes_out) {
  if (!in_flight_) return;
  in_flight_ = false;
  core_.requests_in_flight.Add(-1);
  ReleaseReservation();
  admission_state_.reset();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  core_.RecordRequest(route_, status, seconds);
  uint64_t bytes_in = head_.content_length.value_or(0);
  spdlog::info("{} {} {} in={} out={} {:.1f}ms rid={}{}{}{}{}", head_.method, head_.path, status,
               bytes_in, bytes_out, seconds * 1000, head_.request_id,
               endpoint_id_.empty() ? "" : " endpoint=", endpoint_id_,
               receipt_id_.empty() ? "" : " receipt=", receipt_id_);
}

void Session::RefuseBody(Refusal reason, uint64_t limit) {
  Request request{head_, {}, admission_state_};
  body_parser_.reset();
  ReleaseReservation();
  try {
    core_.handler.Refuse(std::move(request), reason, limit,
                         [self = shared_from_this()](Response response) {
                           response.close_connection = true;
                           self->Respond(std::move(response));
                         });
  } catch (const std::exception& e) {
    spdlog::error("request {}: refusing failed: {}", head_.request_id, e.what());
    RefuseAndClose(ErrorResponse(500, "internal-error", "an internal error occurred"));
  }
}

void Session::ReleaseReservation() {
  core_.Release(reserved_);
  reserved_ = 0;
}

}  // namespace inlet::http
