// Writes an answer whose body comes from a BodyStream (message.h) on one connection
// (private to http/; session.cc drives it). Beast lives here, as in session.cc.
//
// One piece is in flight at a time: the next is asked for only once the one before it is
// written, so a connection holds one piece whatever the client's speed, and a client that
// reads slowly slows the producer down. Every write has the same timeout, so a client
// that stops reading is cut off as it would be for an ordinary answer.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "inlet/http/message.h"

namespace inlet::http {

enum class StreamEnd {
  kComplete,      // the whole body is written
  kStreamFailed,  // the BodyStream could not complete it (a failed piece, or Next threw)
  kWriteFailed,   // a write failed or timed out: the client went away or stopped reading
};

// `AsyncStream` is a beast::tcp_stream or a beast::ssl_stream over one; instantiated for
// both in streamed_body_writer.cc. Every method runs on the connection's strand (the
// stream's executor).
template <class AsyncStream>
class StreamedBodyWriter : public std::enable_shared_from_this<StreamedBodyWriter<AsyncStream>> {
 public:
  // Called once, unless Abandon() came first, with the body bytes written (chunk framing
  // not counted). It runs while the writer still holds the connection alive.
  using OnEnd = std::function<void(StreamEnd end, uint64_t body_bytes)>;
  using Head = boost::beast::http::response<boost::beast::http::empty_body>;

  // `stream` belongs to `connection`, which each pending write and each piece asked for
  // keeps alive. Each write (the head, a piece, the last chunk) must finish within
  // `write_timeout`, or the stream is closed and `on_end` gets kWriteFailed.
  // `request_id` names the request in what the writer logs.
  StreamedBodyWriter(AsyncStream& stream, std::weak_ptr<void> connection,
                     std::chrono::milliseconds write_timeout, std::shared_ptr<BodyStream> body,
                     std::string request_id, OnEnd on_end);

  // Writes `head`, then the body: chunked, or for an HTTP/1.0 head as it comes, with
  // `Connection: close` (the body then ends with the connection, which the caller closes
  // after kComplete). Any Content-Length in `head` is dropped.
  void Start(Head head);

  // The connection is closing: the BodyStream is released now and asked for nothing
  // more, nothing more is written, and `on_end` is not called. A piece delivered later is
  // dropped.
  void Abandon();

  uint64_t body_bytes() const { return body_bytes_; }

 private:
  // The head and the serializer that writes it, which refers to it: neither moves.
  struct HeadWrite {
    explicit HeadWrite(Head head) : message(std::move(head)), serializer(message) {}
    Head message;
    boost::beast::http::response_serializer<boost::beast::http::empty_body> serializer;
  };

  void ArmTimeout();
  void AskForPiece();
  void OnPiece(BodyStream::Piece piece);
  void OnPieceWritten(boost::beast::error_code ec);
  void WriteLastChunk();
  void End(StreamEnd end);

  AsyncStream& stream_;
  boost::beast::executor_type<AsyncStream> strand_;
  std::weak_ptr<void> connection_;
  std::chrono::milliseconds write_timeout_;
  std::shared_ptr<BodyStream> body_;  // released at the end, or by Abandon()
  std::string request_id_;
  OnEnd on_end_;
  std::unique_ptr<HeadWrite> head_;  // until the head is written
  bool chunked_ = true;              // false for HTTP/1.0: the body ends with the connection
  std::string piece_;                // the piece being written
  bool last_piece_ = false;          // the body is complete after piece_
  bool awaiting_piece_ = false;      // Next was called and its piece has not arrived
  bool abandoned_ = false;
  uint64_t body_bytes_ = 0;
};

}  // namespace inlet::http
