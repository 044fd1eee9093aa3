// A deliberately small HTTP/1.1 client over a blocking POSIX socket, for end-to-end
// tests. It sends exactly the bytes a test gives it, so tests can speak malformed,
// pipelined, chunked or HTTP/1.0 requests, and it reads responses byte by byte.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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
  explicit HttpConnection(uint16_t port);  // 127.0.0.1; throws when it cannot connect
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void SendRaw(const std::string& bytes);
  // The next response, 1xx included; status 0 when the peer closed or `timeout_ms` passed.
  HttpResponse ReadResponse(int timeout_ms = 15000);
  // Sends a request with Content-Length and reads its final (non-1xx) response.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "", const HeaderList& headers = {});
  // True when the peer closes the connection within `timeout_ms` (reads and drops data).
  bool WaitForClose(int timeout_ms);

 private:
  bool Fill(int timeout_ms);  // reads more into buffer_; false on EOF/timeout/error
  int fd_ = -1;
  std::string buffer_;
};

// Formats a request with Content-Length (no Connection header unless given).
std::string FormatRequest(const std::string& method, const std::string& target,
                          const std::string& body, const HeaderList& headers);

}  // namespace inlet::testing
