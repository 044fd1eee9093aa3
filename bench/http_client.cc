#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>

namespace inlet::bench {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool EqualsLower(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() &&
         std::equal(text.begin(), text.end(), lower.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

}  // namespace

std::string FormatRequest(std::string_view method, std::string_view target, const Headers& headers,
                          std::string_view body) {
  std::string out;
  out.reserve(256 + body.size());
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (const auto& [name, value] : headers) out.append(name).append(": ").append(value) += "\r\n";
  out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n\r\n");
  out.append(body);
  return out;
}

Connection::~Connection() { Close(); }

void Connection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

bool Connection::EnsureOpen() {
  if (fd_ >= 0) return true;
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    Close();
    return false;
  }
  // Small requests must leave at once; Nagle would add 40 ms to a one-record POST.
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return true;
}

bool Connection::SendAll(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool Connection::Fill(int64_t deadline_ms) {
  pollfd pfd{fd_, POLLIN, 0};
  int wait = static_cast<int>(std::max<int64_t>(deadline_ms - NowMs(), 0));
  if (::poll(&pfd, 1, wait) <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

Response Connection::ReadOne(int timeout_ms) {
  const int64_t deadline = NowMs() + timeout_ms;
  size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(deadline)) return {};
  }
  std::string_view head(buffer_.data(), head_end);
  Response response;
  size_t space = head.find(' ');
  if (space == std::string_view::npos) return {};
  response.status = std::atoi(std::string(head.substr(space + 1, 3)).c_str());
  size_t length = 0;
  bool chunked = false;
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos < head.size()) {
    size_t start = pos + 2;
    size_t end = std::min(head.find("\r\n", start), head.size());
    std::string_view line = head.substr(start, end - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view name = line.substr(0, colon);
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (EqualsLower(name, "content-length")) length = std::strtoull(value.data(), nullptr, 10);
      if (EqualsLower(name, "transfer-encoding")) chunked = true;
      if (EqualsLower(name, "connection")) response.close = EqualsLower(value, "close");
      if (EqualsLower(name, "retry-after")) response.retry_after = value;
    }
    pos = end;
  }
  buffer_.erase(0, head_end + 4);
  if (response.status < 200) return response;
  // The server answers with Content-Length; a chunked answer would be a change worth
  // noticing, and is reported as no answer.
  if (chunked) return {};
  while (buffer_.size() < length) {
    if (!Fill(deadline)) return {};
  }
  response.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  if (response.close) Close();
  return response;
}

Response Connection::RoundTrip(std::string_view request, int timeout_ms) {
  if (!EnsureOpen() || !SendAll(request)) {
    Close();
    return {};
  }
  Response response;
  do {
    response = ReadOne(timeout_ms);
  } while (response.status >= 100 && response.status < 200);
  if (response.status == 0) Close();
  return response;
}

bool Connection::SendHead(std::string_view head) {
  if (EnsureOpen() && SendAll(head)) return true;
  Close();
  return false;
}

bool Connection::AwaitContinue(Response& final, int timeout_ms) {
  final = ReadOne(timeout_ms);
  if (final.status == 100) return true;
  if (final.status == 0) Close();
  return false;
}

bool Connection::SendPart(std::string_view bytes) {
  if (fd_ >= 0 && SendAll(bytes)) return true;
  Close();
  return false;
}

Response Connection::ReadFinal(int timeout_ms) {
  Response response;
  do {
    response = ReadOne(timeout_ms);
  } while (response.status >= 100 && response.status < 200);
  if (response.status == 0) Close();
  return response;
}

}  // namespace inlet::bench
