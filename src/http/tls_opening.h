// The opening of a connection on the HTTPS port, before any request: tell TLS from plain
// HTTP by the first bytes, answer plain HTTP with a 400 it can read (unencrypted), or
// complete the handshake, all within the read timeout. Included by session.cc only, so
// Beast's SSL stream stays in that translation unit.
#pragma once

#include <spdlog/spdlog.h>

#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "http/server_core.h"
#include "inlet/http/errors.h"

namespace inlet::http {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What the opening came to: the handshake done, with the bytes it used consumed from the
// read buffer, or a connection to close (silence, a failed handshake, plain HTTP answered).
enum class TlsOpening { kReady, kClose };

namespace tls_opening_detail {

// The answer to plain HTTP on the HTTPS port, written without TLS so the client can read it.
inline std::string PlainHttpRefusal() {
  Response refusal =
      ErrorResponse(400, "https-required", "this port speaks HTTPS only: use an https:// URL");
  return "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: "
         "close\r\nContent-Length: " +
         std::to_string(refusal.body.size()) + "\r\n\r\n" + refusal.body;
}

template <class Done>
void RefusePlainHttp(ServerCore& core, beast::tcp_stream& tcp, Done done) {
  core.RecordHandshakeFailure(HandshakeFailure::kPlainHttp);
  auto text = std::make_shared<std::string>(PlainHttpRefusal());
  tcp.expires_after(std::chrono::milliseconds(core.options.read_timeout_ms));
  asio::async_write(tcp.socket(), asio::buffer(*text),
                    [text, done = std::move(done)](beast::error_code, size_t) mutable {
                      done(TlsOpening::kClose);
                    });
}

}  // namespace tls_opening_detail

// Opens `stream`, reading into `buffer`, then calls done(TlsOpening). `done` must keep
// the owner of `stream` and `buffer` alive (it holds the connection's shared_ptr).
template <class Done>
void OpenTls(ServerCore& core, uint64_t connection_id, TlsStream& stream,
             beast::flat_buffer& buffer, Done done) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(std::chrono::milliseconds(core.options.read_timeout_ms));
  beast::async_detect_ssl(tcp, buffer,
                          [&core, connection_id, &stream, &buffer, done = std::move(done)](
                              beast::error_code ec, bool tls) mutable {
                            if (ec) {
                              if (ec == beast::error::timeout)
                                core.RecordHandshakeFailure(HandshakeFailure::kTimeout);
                              return done(TlsOpening::kClose);
                            }
                            if (!tls) {
                              return tls_opening_detail::RefusePlainHttp(
                                  core, beast::get_lowest_layer(stream), std::move(done));
                            }
                            // The bytes detection read are the start of the handshake. (Beast 1.81
                            // checks a buffered handshake's handler against the wrong signature,
                            // void(error_code), so this one accepts that form too.)
                            stream.async_handshake(
                                asio::ssl::stream_base::server, buffer.data(),
                                [&core, connection_id, &buffer, done = std::move(done)](
                                    beast::error_code ec, auto... used) mutable {
                                  if (ec) {
                                    core.RecordHandshakeFailure(ec == beast::error::timeout
                                                                    ? HandshakeFailure::kTimeout
                                                                    : HandshakeFailure::kHandshake);
                                    spdlog::debug("TLS handshake with connection {} failed: {}",
                                                  connection_id, ec.message());
                                    return done(TlsOpening::kClose);
                                  }
                                  buffer.consume((size_t{0} + ... + used));
                                  done(TlsOpening::kReady);
                                });
                          });
}

}  // namespace inlet::http
