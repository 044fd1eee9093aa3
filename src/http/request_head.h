// inlet's view of a request head as Beast parsed it (private to http/): what the session
// hands to admission, and what the request fuzzer checks.
#pragma once

#include <boost/beast/http.hpp>
#include <string>

#include "inlet/http/message.h"

namespace inlet::http {

// The head of the request `parser` has read (its header must be done): method and target
// as sent, the percent-decoded path and the raw query, the header fields in order, the
// declared length or chunked framing, and the client's X-Request-Id when it is 1 to 128 of
// [A-Za-z0-9._-] (else a new UUID). `remote` is the peer's address, "" when unknown.
RequestHead MakeHead(
    const boost::beast::http::request_parser<boost::beast::http::empty_body>& parser,
    const std::string& remote);

}  // namespace inlet::http
