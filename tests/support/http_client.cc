#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <stdexcept>

namespace inlet::testing {

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

nlohmann::json HttpResponse::Json() const { return nlohmann::json::parse(body); }

HttpConnection::HttpConnection(uint16_t port) : HttpConnection(port, DefaultClientOptions()) {}

HttpConnection::HttpConnection(uint16_t port, const TlsClientOptions& tls) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (!tls.enabled) return;
  try {
    Handshake(tls);
  } catch (...) {
    Release();
    throw;
  }
}

void HttpConnection::Handshake(const TlsClientOptions& tls) {
  // OpenSSL writes with write(2): a peer that closed first must be an error, not SIGPIPE.
  static const bool sigpipe_ignored = std::signal(SIGPIPE, SIG_IGN) != SIG_ERR;
  (void)sigpipe_ignored;
  auto fail = [](const std::string& what) {
    unsigned long code = ERR_get_error();
    char reason[256] = "";
    if (code != 0) ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    throw std::runtime_error("TLS " + what + " failed: " + reason);
  };
  tls_context_ = SSL_CTX_new(TLS_client_method());
  if (!tls_context_) fail("context");
  // A read that meets only a session ticket must come back (WANT_READ) rather than block
  // on the socket: ReadSome waits with poll() and its own deadline.
  SSL_CTX_clear_mode(tls_context_, SSL_MODE_AUTO_RETRY);
  // Old versions are offered when a test asks for them, to see the server refuse them.
  if (tls.max_version != 0 && tls.max_version < TLS1_2_VERSION) {
    SSL_CTX_set_security_level(tls_context_, 0);
    SSL_CTX_set_cipher_list(tls_context_, "DEFAULT@SECLEVEL=0");
  }
  if (tls.min_version) SSL_CTX_set_min_proto_version(tls_context_, tls.min_version);
  if (tls.max_version) SSL_CTX_set_max_proto_version(tls_context_, tls.max_version);
  if (!tls.trusted_ca.empty()) {
    if (SSL_CTX_load_verify_locations(tls_context_, tls.trusted_ca.c_str(), nullptr) != 1) {
      fail("loading " + tls.trusted_ca);
    }
    SSL_CTX_set_verify(tls_context_, SSL_VERIFY_PEER, nullptr);
  }
  if (!tls.certificate.empty()) {
    if (SSL_CTX_use_certificate_chain_file(tls_context_, tls.certificate.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(tls_context_, tls.key.c_str(), SSL_FILETYPE_PEM) != 1) {
      fail("loading " + tls.certificate);
    }
  }
  tls_ = SSL_new(tls_context_);
  if (!tls_) fail("session");
  SSL_set_fd(tls_, fd_);
  SSL_set1_host(tls_, "127.0.0.1");
  if (SSL_connect(tls_) != 1) fail("handshake");
}

HttpConnection::~HttpConnection() { Release(); }

void HttpConnection::Release() {
  if (tls_) SSL_free(tls_);
  if (tls_context_) SSL_CTX_free(tls_context_);
  tls_ = nullptr;
  tls_context_ = nullptr;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string HttpConnection::PeerCertificateSubject() const {
  if (!tls_) return "";
  X509* certificate = SSL_get1_peer_certificate(tls_);
  if (!certificate) return "";
  char subject[512] = "";
  X509_NAME_oneline(X509_get_subject_name(certificate), subject, sizeof subject);
  X509_free(certificate);
  return subject;
}

void HttpConnection::SendRaw(const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = tls_ ? SSL_write(tls_, bytes.data() + sent, static_cast<int>(bytes.size() - sent))
                     : ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      ERR_clear_error();
      throw std::runtime_error("send failed");
    }
    sent += static_cast<size_t>(n);
  }
}

long HttpConnection::ReadSome(char* data, size_t size, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    // Bytes OpenSSL already decrypted are not visible to poll().
    if (!tls_ || SSL_pending(tls_) == 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      pollfd pfd{fd_, POLLIN, 0};
      if (::poll(&pfd, 1, static_cast<int>(std::max<int64_t>(left, 0))) <= 0) return -1;
    }
    if (!tls_) return std::max<ssize_t>(::recv(fd_, data, size, 0), 0);
    int n = SSL_read(tls_, data, static_cast<int>(size));
    if (n > 0) return n;
    int error = SSL_get_error(tls_, n);
    ERR_clear_error();
    // A TLS 1.3 session ticket arrives after the handshake and carries no data.
    if (error != SSL_ERROR_WANT_READ || std::chrono::steady_clock::now() >= deadline) {
      return error == SSL_ERROR_WANT_READ ? -1 : 0;
    }
  }
}

bool HttpConnection::Fill(int timeout_ms) {
  char chunk[65536];
  long n = ReadSome(chunk, sizeof chunk, timeout_ms);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

HttpResponse HttpConnection::ReadResponse(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto remaining = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    return static_cast<int>(std::max<int64_t>(left, 0));
  };
  size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(remaining())) return {};
  }
  HttpResponse response;
  std::string head = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);
  size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  response.status = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    response.headers[name] = value;
    pos = end + 2;
  }
  if (response.status < 200) return response;
  if (response.Header("transfer-encoding") == "chunked") {
    std::string body;
    for (;;) {
      size_t size_end;
      while ((size_end = buffer_.find("\r\n")) == std::string::npos) {
        if (!Fill(remaining())) return {};
      }
      size_t size = std::stoul(buffer_.substr(0, size_end), nullptr, 16);
      while (buffer_.size() < size_end + 2 + size + 2) {
        if (!Fill(remaining())) return {};
      }
      body += buffer_.substr(size_end + 2, size);
      buffer_.erase(0, size_end + 2 + size + 2);
      if (size == 0) break;
    }
    response.body = std::move(body);
    return response;
  }
  size_t length =
      response.headers.count("content-length") ? std::stoul(response.headers["content-length"]) : 0;
  while (buffer_.size() < length) {
    if (!Fill(remaining())) return {};
  }
  response.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return response;
}

HttpResponse HttpConnection::Send(const std::string& method, const std::string& target,
                                  const std::string& body, const HeaderList& headers) {
  SendRaw(FormatRequest(method, target, body, headers));
  HttpResponse response;
  do {
    response = ReadResponse();
  } while (response.status >= 100 && response.status < 200);
  return response;
}

std::string HttpConnection::ReadThrough(const std::string& marker, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t at;
  while ((at = buffer_.find(marker)) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (!Fill(static_cast<int>(std::max<int64_t>(left, 0)))) return "";
  }
  std::string bytes = buffer_.substr(0, at + marker.size());
  buffer_.erase(0, at + marker.size());
  return bytes;
}

std::string HttpConnection::ReadToClose(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    char chunk[65536];
    long n = ReadSome(chunk, sizeof chunk, static_cast<int>(std::max<int64_t>(left, 0)));
    if (n < 0) {
      throw std::runtime_error("the server did not close the connection within " +
                               std::to_string(timeout_ms) + " ms");
    }
    if (n == 0) break;
    buffer_.append(chunk, static_cast<size_t>(n));
  }
  std::string bytes = std::move(buffer_);
  buffer_.clear();
  return bytes;
}

bool HttpConnection::WaitForClose(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    char chunk[4096];
    long n = ReadSome(chunk, sizeof chunk, 50);
    if (n == 0) return true;
  }
  return false;
}

std::string FormatRequest(const std::string& method, const std::string& target,
                          const std::string& body, const HeaderList& headers) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool has_length = false;
  for (const auto& [name, value] : headers) {
    request += name + ": " + value + "\r\n";
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    has_length = has_length || lower == "content-length" || lower == "transfer-encoding";
  }
  if (!has_length) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return request + "\r\n" + body;
}

}  // namespace inlet::testing
