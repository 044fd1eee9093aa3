#include "http/streamed_body_writer.h"

#include <spdlog/spdlog.h>

#include <boost/beast/ssl.hpp>
#include <exception>

namespace inlet::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

template <class AsyncStream>
StreamedBodyWriter<AsyncStream>::StreamedBodyWriter(AsyncStream& stream,
                                                    std::weak_ptr<void> connection,
                                                    std::chrono::milliseconds write_timeout,
                                                    std::shared_ptr<BodyStream> body,
                                                    std::string request_id, OnEnd on_end)
    : stream_(stream),
      strand_(stream.get_executor()),
      connection_(std::move(connection)),
      write_timeout_(write_timeout),
      body_(std::move(body)),
      request_id_(std::move(request_id)),
      on_end_(std::move(on_end)) {}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::Start(Head head) {
  chunked_ = head.version() >= 11;
  if (chunked_) {
    head.chunked(true);
  } else {
    head.content_length(boost::none);
    head.keep_alive(false);
  }
  head_ = std::make_unique<HeadWrite>(std::move(head));
  ArmTimeout();
  bhttp::async_write_header(stream_, head_->serializer,
                            [self = this->shared_from_this(), connection = connection_.lock()](
                                beast::error_code ec, size_t) {
                              if (self->abandoned_) return;
                              self->head_.reset();
                              if (ec) return self->End(StreamEnd::kWriteFailed);
                              self->AskForPiece();
                            });
}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::Abandon() {
  abandoned_ = true;
  body_.reset();
  on_end_ = nullptr;
}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::ArmTimeout() {
  beast::get_lowest_layer(stream_).expires_after(write_timeout_);
}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::AskForPiece() {
  awaiting_piece_ = true;
  // The producer may deliver from any thread: the piece is handed to the strand.
  BodyStream::Deliver deliver = [self = this->shared_from_this(), connection = connection_.lock(),
                                 strand = strand_](BodyStream::Piece piece) {
    asio::post(strand, [self, connection, piece = std::move(piece)]() mutable {
      self->OnPiece(std::move(piece));
    });
  };
  try {
    body_->Next(std::move(deliver));
  } catch (const std::exception& e) {
    spdlog::error("request {}: its streamed body failed to produce a piece: {}", request_id_,
                  e.what());
    awaiting_piece_ = false;
    End(StreamEnd::kStreamFailed);
  }
}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::OnPiece(BodyStream::Piece piece) {
  // A piece nobody asked for (the producer delivered twice) would start a second write
  // on the stream while one is pending.
  if (abandoned_ || !awaiting_piece_) return;
  awaiting_piece_ = false;
  if (piece.failed) return End(StreamEnd::kStreamFailed);
  // An empty chunk would end the body.
  if (piece.data.empty()) return piece.end ? WriteLastChunk() : AskForPiece();
  piece_ = std::move(piece.data);
  last_piece_ = piece.end;
  ArmTimeout();
  auto on_written = [self = this->shared_from_this(), connection = connection_.lock()](
                        beast::error_code ec, size_t) { self->OnPieceWritten(ec); };
  if (chunked_) {
    asio::async_write(stream_, bhttp::make_chunk(asio::buffer(piece_)), std::move(on_written));
  } else {
    asio::async_write(stream_, asio::buffer(piece_), std::move(on_written));
  }
}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::OnPieceWritten(beast::error_code ec) {
  if (abandoned_) return;
  if (ec) return End(StreamEnd::kWriteFailed);
  body_bytes_ += piece_.size();
  piece_ = std::string();  // its memory too: a connection holds one piece at most
  if (last_piece_) return WriteLastChunk();
  AskForPiece();
}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::WriteLastChunk() {
  if (!chunked_) return End(StreamEnd::kComplete);
  ArmTimeout();
  asio::async_write(stream_, bhttp::make_chunk_last(),
                    [self = this->shared_from_this(), connection = connection_.lock()](
                        beast::error_code ec, size_t) {
                      if (self->abandoned_) return;
                      self->End(ec ? StreamEnd::kWriteFailed : StreamEnd::kComplete);
                    });
}

template <class AsyncStream>
void StreamedBodyWriter<AsyncStream>::End(StreamEnd end) {
  body_.reset();
  auto on_end = std::move(on_end_);
  on_end_ = nullptr;
  on_end(end, body_bytes_);
}

template class StreamedBodyWriter<beast::tcp_stream>;
template class StreamedBodyWriter<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace inlet::http
