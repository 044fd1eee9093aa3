// The command line client's HTTP: one connection to the server, kept alive between
// requests (libcurl, docs/cli.md says why). One client per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inlet/common/status.h"

namespace inlet::cli {

// Where the server is and who is calling.
struct ServerAccess {
  std::string url;      // "http://127.0.0.1:8888", no trailing slash
  std::string token;    // sent as a Bearer token when not empty
  std::string ca_file;  // --cacert: trusted certificates for HTTPS, else the system's
};

struct HttpAnswer {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  // The first header of that (lower-case) name, "" when absent.
  std::string_view Header(std::string_view name) const;
};

struct HttpCall {
  std::string method = "GET";
  std::string target;                // path and query, starting with "/"
  std::vector<std::string> headers;  // "Name: value"
  std::string_view body;
};

// Receives an answer's body as it arrives; false stops the transfer.
using BodySink = std::function<bool(std::string_view bytes)>;

class HttpClient {
 public:
  explicit HttpClient(ServerAccess access);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // kUnavailable "connection-failed" when no answer came (the server unreachable, the
  // connection cut, a TLS failure, no byte for kStallSeconds, an answer longer than
  // kMaxKeptAnswerBytes), saying why and where.
  Result<HttpAnswer> Send(const HttpCall& call);
  // As Send, but a 2xx answer's body goes to `sink` instead of into the answer, so that
  // an answer of any size takes no memory; other answers' bodies are kept (they are short).
  Result<HttpAnswer> Stream(const HttpCall& call, const BodySink& sink);

  const ServerAccess& access() const { return access_; }

  // No byte either way for this long: the connection is given up.
  static constexpr long kStallSeconds = 120;
  // The most of an answer's body kept in memory (an ingestion answer with a thousand
  // warnings is under 1 MiB): a server, or something posing as one, cannot make the
  // client hold more. A longer answer ends the call as "connection-failed".
  static constexpr size_t kMaxKeptAnswerBytes = 64u << 20;

 private:
  struct Transfer;
  Result<HttpAnswer> Perform(const HttpCall& call, const BodySink* sink);

  ServerAccess access_;
  void* curl_;  // CURL*, kept so that the connection is reused
};

}  // namespace inlet::cli
