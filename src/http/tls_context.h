// The OpenSSL context of the HTTPS listener, built from PEM files (SPEC §8). Private to
// http/; only server.cc, session.cc and tls_context.cc see Asio's SSL types.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "inlet/common/status.h"
#include "inlet/http/server.h"

namespace inlet::http {

// Certificate chain, key, minimum version and (optionally) the CA that client
// certificates must be signed by. Errors name the option and file and say what is wrong
// with it; nothing asks for a passphrase (an encrypted key is an error).
Result<std::shared_ptr<boost::asio::ssl::context>> MakeTlsContext(const TlsOptions& options);

}  // namespace inlet::http
