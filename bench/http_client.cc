#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <stdexcept>

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

// OpenSSL's reason for the last failure, leaving its error queue empty for the next.
std::string TakeOpenSslError() {
  const unsigned long code = ERR_get_error();
  char reason[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
  ERR_clear_error();
  return reason;
}

int TlsLength(size_t size) { return static_cast<int>(std::min<size_t>(size, INT_MAX)); }

}  // namespace

TlsClient::TlsClient(const std::string& ca_file) : context_(SSL_CTX_new(TLS_client_method())) {
  if (context_ == nullptr) throw std::runtime_error("TLS client context: " + TakeOpenSslError());
  // A read that meets only a TLS 1.3 session ticket must come back (WANT_READ) instead of
  // blocking on the socket: reads wait with poll() and their own deadline.
  SSL_CTX_clear_mode(context_, SSL_MODE_AUTO_RETRY);
  if (SSL_CTX_load_verify_locations(context_, ca_file.c_str(), nullptr) != 1) {
    const std::string reason = TakeOpenSslError();
    SSL_CTX_free(context_);
    throw std::runtime_error("TLS client: cannot load the CA \"" + ca_file + "\": " + reason);
  }
  SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, nullptr);
}

TlsClient::~TlsClient() { SSL_CTX_free(context_); }

std::map<std::string, int64_t> TlsClient::Negotiated() const {
  std::lock_guard lock(mutex_);
  return negotiated_;
}

std::string TlsClient::FirstFailure() const {
  std::lock_guard lock(mutex_);
  return first_failure_;
}

void TlsClient::Completed(ssl_st* tls) {
  const int group = static_cast<int>(SSL_get_negotiated_group(tls));
  const char* group_name = group != 0 ? OBJ_nid2sn(group) : nullptr;
  const std::string what = std::string(SSL_get_version(tls)) + ", " + SSL_get_cipher_name(tls) +
                           ", " + (group_name != nullptr ? group_name : "unknown group");
  ++handshakes_;
  std::lock_guard lock(mutex_);
  ++negotiated_[what];
}

void TlsClient::Failed(const std::string& reason) {
  ++failed_handshakes_;
  std::lock_guard lock(mutex_);
  if (first_failure_.empty()) first_failure_ = reason;
}

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
  if (tls_ != nullptr) {
    // close_notify, so the server sees an orderly end rather than a truncated stream; its
    // own is not waited for. Not after a fatal error, where OpenSSL forbids it.
    if (!tls_failed_) SSL_shutdown(tls_);
    ERR_clear_error();
    SSL_free(tls_);
    tls_ = nullptr;
  }
  tls_failed_ = false;
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
  address.sin_port = htons(peer_.port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    Close();
    return false;
  }
  // Small requests must leave at once; Nagle would add 40 ms to a one-record POST.
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (peer_.tls != nullptr && !Handshake()) {
    Close();
    return false;
  }
  return true;
}

bool Connection::Handshake() {
  tls_ = SSL_new(peer_.tls->context_);
  if (tls_ == nullptr) {
    peer_.tls->Failed("SSL_new: " + TakeOpenSslError());
    return false;
  }
  SSL_set_fd(tls_, fd_);
  SSL_set1_host(tls_, "127.0.0.1");
  if (SSL_connect(tls_) != 1) {
    tls_failed_ = true;
    std::string reason = TakeOpenSslError();
    const long verify = SSL_get_verify_result(tls_);
    if (verify != X509_V_OK)
      reason += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    peer_.tls->Failed(reason);
    return false;
  }
  peer_.tls->Completed(tls_);
  return true;
}

bool Connection::SendAll(std::string_view bytes) {
  while (!bytes.empty()) {
    const long n = tls_ != nullptr ? SSL_write(tls_, bytes.data(), TlsLength(bytes.size()))
                                   : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (tls_ != nullptr) {
        tls_failed_ = true;
        ERR_clear_error();
      }
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

long Connection::ReadSome(char* data, size_t size, int64_t deadline_ms) {
  for (;;) {
    // Bytes OpenSSL has already decrypted are not visible to poll().
    if (tls_ == nullptr || SSL_pending(tls_) == 0) {
      pollfd pfd{fd_, POLLIN, 0};
      const int wait = static_cast<int>(std::max<int64_t>(deadline_ms - NowMs(), 0));
      if (::poll(&pfd, 1, wait) <= 0) return 0;
    }
    if (tls_ == nullptr) return std::max<ssize_t>(::recv(fd_, data, size, 0), 0);
    const int n = SSL_read(tls_, data, TlsLength(size));
    if (n > 0) return n;
    const int error = SSL_get_error(tls_, n);
    ERR_clear_error();
    // A record without data (a TLS 1.3 session ticket) was read: wait for the answer.
    if (error == SSL_ERROR_WANT_READ) continue;
    tls_failed_ = error != SSL_ERROR_ZERO_RETURN;
    return 0;
  }
}

bool Connection::Fill(int64_t deadline_ms) {
  char chunk[65536];
  const long n = ReadSome(chunk, sizeof chunk, deadline_ms);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

bool Connection::ReadChunked(int64_t deadline_ms, Response& response, const BodySink* sink) {
  for (;;) {
    size_t line_end;
    while ((line_end = buffer_.find("\r\n")) == std::string::npos) {
      if (!Fill(deadline_ms)) return false;
    }
    const size_t size = std::strtoull(buffer_.c_str(), nullptr, 16);  // extensions ignored
    buffer_.erase(0, line_end + 2);
    if (size == 0) {
      // Trailers, if any, up to the empty line.
      for (;;) {
        while ((line_end = buffer_.find("\r\n")) == std::string::npos) {
          if (!Fill(deadline_ms)) return false;
        }
        buffer_.erase(0, line_end + 2);
        if (line_end == 0) return true;
      }
    }
    while (buffer_.size() < size + 2) {
      if (!Fill(deadline_ms)) return false;
    }
    const std::string_view data(buffer_.data(), size);
    if (sink != nullptr) {
      (*sink)(data);
    } else {
      response.body.append(data);
    }
    buffer_.erase(0, size + 2);
  }
}

Response Connection::ReadOne(int timeout_ms, const BodySink* sink) {
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
  if (chunked) {
    if (!ReadChunked(deadline, response, sink)) return {};
    if (response.close) Close();
    return response;
  }
  while (buffer_.size() < length) {
    if (!Fill(deadline)) return {};
  }
  if (sink != nullptr) {
    (*sink)(std::string_view(buffer_.data(), length));
  } else {
    response.body = buffer_.substr(0, length);
  }
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

Response Connection::RoundTripStreamed(std::string_view request, const BodySink& sink,
                                       int timeout_ms) {
  if (!EnsureOpen() || !SendAll(request)) {
    Close();
    return {};
  }
  Response response;
  do {
    response = ReadOne(timeout_ms, &sink);
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
