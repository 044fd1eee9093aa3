// The certificate of scenario 8's HTTPS server: a throw-away CA and a server
// certificate for 127.0.0.1 signed by it, both ECDSA P-256, made with the openssl CLI.
//
// P-256 rather than RSA 2048: the key only signs each handshake (one per keep-alive
// connection, 80 per run), and an ECDSA P-256 signature costs a small fraction of an RSA
// 2048 one; the records themselves are encrypted with what ECDHE agreed (AES-GCM) either
// way. It is also what ACME clients issue by default and what the e2e tests use.
#pragma once

#include <string>

namespace inlet::bench {

struct TlsFiles {
  std::string ca;           // PEM certificate a client trusts
  std::string certificate;  // PEM server certificate (subjectAltName IP:127.0.0.1)
  std::string key;          // its unencrypted PEM private key
};

// Writes the files into the existing directory `dir` (valid for two days); throws with
// openssl's output when a command fails.
TlsFiles MakeTlsFiles(const std::string& dir);

}  // namespace inlet::bench
