// HTTPS for end-to-end tests: certificates made with the openssl CLI, and how a test
// client speaks TLS. A test process runs every server and client over HTTPS when
// TESTS_OVER_TLS=1, which is how ctest runs the protocol suites a second time (SPEC §8:
// everything of §2 and §6 behaves the same over HTTPS).
#pragma once

#include <string>

namespace inlet::testing {

// Made once per test process in a temporary directory; paths of PEM files.
struct TestCertificates {
  std::string ca;  // the CA that signed the server and client certificates below
  std::string server_certificate, server_key;      // for 127.0.0.1 and localhost
  std::string renewed_certificate, renewed_key;    // another server pair from the same CA
  std::string client_certificate, client_key;      // a client certificate signed by `ca`
  std::string stranger_certificate, stranger_key;  // self-signed: no CA of ours knows it
  std::string other_ca;                            // a CA that signed nothing of ours
};
const TestCertificates& Certificates();

// True when this process runs its servers and clients over HTTPS (TESTS_OVER_TLS=1).
bool TlsMode();

struct TlsClientOptions {
  bool enabled = false;
  std::string trusted_ca;        // the server's certificate must chain to it; empty: not checked
  std::string certificate, key;  // the client's own, for mutual TLS
  int min_version = 0;           // OpenSSL version constants (TLS1_2_VERSION…); 0: default
  int max_version = 0;
};

// Plain HTTP, or (in TLS mode) HTTPS trusting Certificates().ca.
TlsClientOptions DefaultClientOptions();
// HTTPS trusting Certificates().ca, whatever the mode.
TlsClientOptions HttpsClientOptions();

}  // namespace inlet::testing
