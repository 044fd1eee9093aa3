// inlet's own view of HTTP requests and responses. Beast stays inside the server's
// translation unit; handlers and tests see only these plain types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/http/inflight.h"

namespace inlet::http {

// Header fields in arrival order; names compare case-insensitively.
class Headers {
 public:
  // The first value of `name`, or "" when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  void Add(std::string name, std::string value);
  void Set(std::string name, std::string value);  // replaces every value of `name`

  struct Field {
    std::string name;
    std::string value;
  };
  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::vector<Field> fields_;
};

struct RequestHead {
  std::string method;  // as sent, e.g. "POST"
  std::string target;  // as sent, path and query
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw, without '?'
  int version = 11;    // 10 or 11
  Headers headers;
  std::optional<uint64_t> content_length;
  bool chunked = false;
  bool shutting_down = false;  // the server is draining: refuse new work with 503
  std::string request_id;      // for logs and the X-Request-Id header
  std::string remote_address;

  // The percent-decoded value of query parameter `name`, or nullopt when absent.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

struct Request {
  RequestHead head;
  std::string body;
  // What the handler's admission step decided to keep for this request (see handler.h).
  std::shared_ptr<void> admission_state;
  // The request's share of the in-flight ceiling, holding `body` now. A handler that
  // decodes or parses the body resizes it to what it holds, and keeps it until the
  // records are committed. Null for requests built outside the server (tests).
  std::shared_ptr<Reservation> memory;
};

struct Response {
  int status = 200;
  Headers headers;  // Content-Type and Content-Length are set from the fields below
  std::string content_type = "application/json";
  std::string body;
  bool close_connection = false;

  // For the access log and metrics; never sent.
  std::string route = "unmatched";  // route pattern, e.g. "GET /api/v1/endpoints/{id}"
  std::string receipt_id;
  std::string endpoint_id;
};

// Decodes %XX escapes (an invalid escape stays as it is) and, in query strings, '+'.
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace inlet::http
