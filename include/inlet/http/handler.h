// The contract between the HTTP server and the application.
//
// The server calls Admit() as soon as a request's header has arrived, before it reads
// the body or answers `Expect: 100-continue`: this is where the token, endpoint, content
// type and declared size are checked, so a refused upload costs no body bytes. Then it
// reads the body within the admitted limit and calls Handle().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "inlet/http/message.h"

namespace inlet::http {

using Responder = std::function<void(Response)>;

struct Admission {
  // When set, the server answers with it at once (with `Connection: close`), reads and
  // discards a bounded amount of the body so the client sees the status, and closes.
  std::optional<Response> refusal;
  // Largest body accepted on the wire; a longer one ends in Refuse(kBodyTooLarge).
  uint64_t body_limit = 0;
  // Kept alive until the answer has been written: handed to Handle() or Refuse() in
  // Request::admission_state.
  std::shared_ptr<void> state;
};

// Why the server refused a request the handler had admitted.
enum class Refusal {
  kBodyTooLarge,  // the body grew past Admission::body_limit
  // Request bodies in memory would pass the server's ceiling (ServerOptions): the
  // declared Content-Length could not be reserved, or a chunked body grew past it.
  kOverloaded,
};

class Handler {
 public:
  virtual ~Handler() = default;

  // Called on an I/O thread; must be quick (no waiting on other requests).
  virtual Admission Admit(const RequestHead& head) = 0;

  // Must call `respond` exactly once, from any thread. May throw only on a bug: the
  // server then answers 500 and logs it.
  virtual void Handle(Request request, Responder respond) = 0;

  // The server will not read (the rest of) this request's body. `request.body` is
  // empty; `limit` is the limit that was hit, in bytes. Must call `respond` exactly once;
  // the server then closes the connection.
  virtual void Refuse(Request request, Refusal reason, uint64_t limit, Responder respond) = 0;

  // Waits until work the handler queued in the background (for requests already handed
  // to it) is done. Called once the server has stopped, before tearing things down.
  virtual void Drain() = 0;
};

}  // namespace inlet::http
