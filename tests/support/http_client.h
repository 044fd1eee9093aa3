// A deliberately small HTTP/1.1 client over a blocking POSIX socket, for end-to-end
// tests. It sends exactly the bytes a test gives it, so tests can speak malformed,
// pipelined, chunked or HTTP/1.0 requests, and it reads responses byte by byte.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/tls.h"

struct ssl_st;
struct ssl_ctx_st;

namespace inlet::testing {

struct HttpResponse {
  int status = 0;                              // 0: no response (connection closed or timed out)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string Header(const std::string& lower_name) const;
  nlohmann::json Json() const;  // throws when the body is not JSON
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpConnection {
 public:
  // 127.0.0.1, over HTTPS in TLS mode (support/tls.h); throws when it cannot connect.
  explicit HttpConnection(uint16_t port);
  // Throws when it cannot connect or the TLS handshake fails (the message says why).
  HttpConnection(uint16_t port, const TlsClientOptions& tls);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void SendRaw(const std::string& bytes);
  // The next response, 1xx included; status 0 when the peer closed or `timeout_ms` passed.
  HttpResponse ReadResponse(int timeout_ms = 15000);
  // Sends a request with Content-Length and reads its final (non-1xx) response.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "", const HeaderList& headers = {});
  // The raw bytes (those already buffered first) up to and including the first
  // `marker`; "" when the peer closes or `timeout_ms` passes before it arrives.
  std::string ReadThrough(const std::string& marker, int timeout_ms = 15000);
  // Every raw byte until the peer closes (or the connection fails); throws when it is
  // still open after `timeout_ms`.
  std::string ReadToClose(int timeout_ms = 15000);
  // True when the peer closes the connection within `timeout_ms` (reads and drops data).
  bool WaitForClose(int timeout_ms);
  // The subject of the certificate the server presented ("" over plain HTTP).
  std::string PeerCertificateSubject() const;

 private:
  bool Fill(int timeout_ms);  // reads more into buffer_; false on EOF/timeout/error
  // One read of whatever is available within `timeout_ms`: > 0 bytes, 0 at EOF or on an
  // error, -1 when nothing arrived in time.
  long ReadSome(char* data, size_t size, int timeout_ms);
  void Handshake(const TlsClientOptions& tls);
  void Release();  // frees the TLS state and closes the socket
  int fd_ = -1;
  ssl_ctx_st* tls_context_ = nullptr;
  ssl_st* tls_ = nullptr;
  std::string buffer_;
};

// Formats a request with Content-Length (no Connection header unless given).
std::string FormatRequest(const std::string& method, const std::string& target,
                          const std::string& body, const HeaderList& headers);

}  // namespace inlet::testing
