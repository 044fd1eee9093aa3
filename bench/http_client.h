// A small blocking HTTP/1.1 client over POSIX sockets with keep-alive, for the load
// generator. It shares no code with the server's HTTP module, so a bug there cannot hide
// itself by being on both sides of the wire.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

class Connection {
 public:
  explicit Connection(uint16_t port) : port_(port) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends a whole formatted request and reads its final answer, (re)connecting first
  // when the previous answer closed the connection.
  Response RoundTrip(std::string_view request, int timeout_ms = 300000);

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
  bool SendAll(std::string_view bytes);
  Response ReadOne(int timeout_ms);  // the next answer, 1xx included
  bool Fill(int64_t deadline_ms);

  uint16_t port_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace inlet::bench
