// inlet's own view of HTTP requests and responses. Beast stays inside the server's
// translation unit; handlers and tests see only these plain types.
#pragma once

#include <cstdint>
#include <functional>
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

// A body produced a piece at a time, for answers too large to hold in memory (an export).
//
// The server writes the answer's status and headers, then asks for one piece, writes it,
// and asks for the next only once that one is written: a connection holds one piece
// whatever the client's speed, and a client that reads slowly slows the producer down. So
// decide the status before streaming: once the header is out, `failed` is the only way
// left to say something went wrong.
class BodyStream {
 public:
  struct Piece {
    std::string data;     // may be empty: nothing is written, the next piece is asked for
    bool end = false;     // the body is complete after `data`
    bool failed = false;  // the body cannot be completed; `data` is not sent
  };
  using Deliver = std::function<void(Piece)>;

  // Released by the server, on an I/O thread, once the body is written or the connection
  // is gone (the client closed it, stopped reading past the write timeout, or the server
  // stopped): must not block there.
  virtual ~BodyStream() = default;

  // Produces the next piece and hands it to `deliver` exactly once, from any thread.
  // Called on an I/O thread, so it must return at once: slow work (database reads) runs
  // on a thread of the producer's own, which then calls `deliver`; a piece at hand may be
  // delivered before Next returns. Never called again before the previous piece was
  // delivered, after a piece with `end` or `failed`, or once the connection is gone: a
  // piece delivered then is dropped. `deliver` keeps the connection's state alive until it
  // is called or destroyed, so like a Responder it must be called (or dropped) before the
  // handler's Drain() returns.
  //
  // `failed`: the server cuts the connection without the last chunk (an HTTP/1.0 client,
  // whose body ends with the connection, gets a TCP reset), so the client sees a truncated
  // transfer rather than a short but valid body. The producer logs why.
  virtual void Next(Deliver deliver) = 0;
};

struct Response {
  int status = 200;
  Headers headers;  // Content-Type and Content-Length are set from the fields below
  std::string content_type = "application/json";
  std::string body;
  // When set, the body comes from it and `body` is ignored. It is sent with
  // `Transfer-Encoding: chunked`; to an HTTP/1.0 client as it comes, ended by closing
  // the connection.
  std::shared_ptr<BodyStream> stream;
  bool close_connection = false;

  // For the access log and metrics; never sent.
  std::string route = "unmatched";  // route pattern, e.g. "GET /api/v1/endpoints/{id}"
  std::string receipt_id;
  std::string endpoint_id;
};

// Decodes %XX escapes (an invalid escape stays as it is) and, in query strings, '+'.
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace inlet::http
