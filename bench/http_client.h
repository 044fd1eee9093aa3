// A small blocking HTTP/1.1 client over POSIX sockets with keep-alive, for the load
// generator, over plain TCP or TLS (OpenSSL). It shares no code with the server's HTTP
// module, so a bug there cannot hide itself by being on both sides of the wire.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct ssl_st;
struct ssl_ctx_st;

namespace inlet::bench {

struct Response {
  int status = 0;  // 0: no answer (closed, timed out or refused)
  std::string body;
  std::string retry_after;
  bool close = false;  // the server said Connection: close
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// The request bytes, with Host and Content-Length.
std::string FormatRequest(std::string_view method, std::string_view target, const Headers& headers,
                          std::string_view body);

// What the connections of one server share over HTTPS: the one CA they trust (the
// server's certificate must chain to it and name 127.0.0.1), and what their handshakes
// did. Thread-safe. The process must ignore SIGPIPE: OpenSSL writes with write(2).
class TlsClient {
 public:
  // Throws with OpenSSL's reason when `ca_file` cannot be loaded.
  explicit TlsClient(const std::string& ca_file);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  int64_t handshakes() const { return handshakes_.load(); }
  int64_t failed_handshakes() const { return failed_handshakes_.load(); }
  // Distinct "protocol, cipher, key exchange group" of the completed handshakes, with
  // how many negotiated each, e.g. {"TLSv1.3, TLS_AES_256_GCM_SHA384, X25519": 16}.
  std::map<std::string, int64_t> Negotiated() const;
  // OpenSSL's reason for the first failed handshake; empty when none failed.
  std::string FirstFailure() const;

 private:
  friend class Connection;
  void Completed(ssl_st* tls);
  void Failed(const std::string& reason);

  ssl_ctx_st* context_ = nullptr;
  std::atomic<int64_t> handshakes_ = 0;
  std::atomic<int64_t> failed_handshakes_ = 0;
  mutable std::mutex mutex_;
  std::map<std::string, int64_t> negotiated_;
  std::string first_failure_;
};

// Where a connection goes: 127.0.0.1:port, over TLS when `tls` is set.
struct Peer {
  uint16_t port = 0;
  TlsClient* tls = nullptr;
};

class Connection {
 public:
  explicit Connection(Peer peer) : peer_(peer) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // What receives a body read a piece at a time.
  using BodySink = std::function<void(std::string_view piece)>;

  // Sends a whole formatted request and reads its final answer, (re)connecting first
  // when the previous answer closed the connection. A chunked body is decoded.
  Response RoundTrip(std::string_view request, int timeout_ms = 300000);
  // The same, but the body (chunked or not) goes to `sink` as it arrives instead of into
  // the Response: for answers too large to hold (an export).
  Response RoundTripStreamed(std::string_view request, const BodySink& sink,
                             int timeout_ms = 300000);

  // For a body sent in pieces: the head first (with Expect: 100-continue), then
  // AwaitContinue, then SendPart for each piece, then ReadFinal.
  bool SendHead(std::string_view head);
  // True on 100 Continue; false with `final` set when the server answered at once.
  bool AwaitContinue(Response& final, int timeout_ms);
  bool SendPart(std::string_view bytes);
  Response ReadFinal(int timeout_ms);

  void Close();

 private:
  bool EnsureOpen();
  bool Handshake();
  bool SendAll(std::string_view bytes);
  // The next answer, 1xx included; its body into the Response, or to `sink` when given.
  Response ReadOne(int timeout_ms, const BodySink* sink = nullptr);
  // Decodes a chunked body (the head already read); false when it ends early.
  bool ReadChunked(int64_t deadline_ms, Response& response, const BodySink* sink);
  bool Fill(int64_t deadline_ms);
  // Bytes read into `data` (plain or decrypted); 0 at EOF, on an error or at the deadline.
  long ReadSome(char* data, size_t size, int64_t deadline_ms);

  Peer peer_;
  int fd_ = -1;
  ssl_st* tls_ = nullptr;
  bool tls_failed_ = false;  // a fatal TLS error: no close_notify may follow
  std::string buffer_;
};

}  // namespace inlet::bench
