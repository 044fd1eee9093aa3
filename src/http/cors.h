// Calls from browser tools on other origins (server.corsOrigins, SPEC §9), private to
// http/: which origins may call, the answer to their preflight, and the headers every
// answer to them carries. With no origin configured nothing changes: a preflight is an
// OPTIONS like any other (405) and answers carry no CORS header, so browsers refuse.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "inlet/http/message.h"

namespace inlet::http {

class CorsPolicy {
 public:
  // `origins` as config::CorsOrigins gives them ("*" allows any).
  explicit CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {}

  // True when a request carrying this Origin header may be answered cross-origin.
  bool Allows(std::string_view origin) const;
  // True when `head` is a preflight (OPTIONS with Access-Control-Request-Method) from an
  // allowed origin.
  bool IsPreflight(const RequestHead& head) const;
  // 204 for a preflight to a path whose routes take `methods`; no token is asked for
  // (browsers send none with a preflight).
  Response Preflight(const RequestHead& head, const std::vector<std::string>& methods) const;
  // Lets the browser hand `response` to the page that asked, when `origin` (the
  // request's Origin header) is allowed; otherwise leaves it as it is.
  void Decorate(std::string_view origin, Response& response) const;

 private:
  std::vector<std::string> origins_;
};

}  // namespace inlet::http
