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
  // Largest body accepted on the wire; a longer one ends in BodyTooLarge().
  uint64_t body_limit = 0;
  // Kept alive until the answer has been written: handed to Handle() or BodyTooLarge()
  // in Request::admission_state. Its destructor may release a reservation.
  std::shared_ptr<void> state;
};

class Handler {
 public:
  virtual ~Handler() = default;

  // Called on an I/O thread; must be quick (no waiting on other requests).
  virtual Admission Admit(const RequestHead& head) = 0;

  // Must call `respond` exactly once, from any thread. May throw only on a bug: the
  // server then answers 500 and logs it.
  virtual void Handle(Request request, Responder respond) = 0;

  // The body grew past Admission::body_limit (a chunked body, or one that lied about its
  // length). `request.body` is empty. Must call `respond` exactly once.
  virtual void BodyTooLarge(Request request, uint64_t limit, Responder respond) = 0;
};

}  // namespace inlet::http
