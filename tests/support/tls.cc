#include "support/tls.h"

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

void Run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("certificate command failed: " + command);
  }
}

// A new P-256 key and a certificate for it signed by `ca` (self-signed when empty).
void MakePair(const TempDir& dir, const std::string& name, const std::string& subject,
              const std::string& extensions, const std::string& ca) {
  const std::string key = dir.File(name + ".key"), pem = dir.File(name + ".pem");
  const std::string ext_file = dir.File(name + ".ext");
  WriteFile(ext_file, extensions + "\n");
  Run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " + key +
      " -out " + dir.File(name + ".csr") + " -subj '" + subject + "'");
  std::string signer = ca.empty() ? "-signkey " + key
                                  : "-CA " + dir.File(ca + ".pem") + " -CAkey " +
                                        dir.File(ca + ".key") + " -CAcreateserial";
  Run("openssl x509 -req -days 2 -in " + dir.File(name + ".csr") + " " + signer + " -out " + pem +
      " -extfile " + ext_file);
}

}  // namespace

const TestCertificates& Certificates() {
  static const std::unique_ptr<TempDir> dir = std::make_unique<TempDir>();
  static const TestCertificates certificates = [] {
    const std::string ca_ext = "basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign";
    const std::string server_ext =
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth";
    const std::string client_ext = "extendedKeyUsage=clientAuth";
    MakePair(*dir, "ca", "/CN=inlet test CA", ca_ext, "");
    MakePair(*dir, "other-ca", "/CN=inlet other CA", ca_ext, "");
    MakePair(*dir, "server", "/CN=127.0.0.1", server_ext, "ca");
    MakePair(*dir, "renewed", "/CN=127.0.0.1 renewed", server_ext, "ca");
    MakePair(*dir, "client", "/CN=inlet test client", client_ext, "ca");
    MakePair(*dir, "stranger", "/CN=stranger", client_ext, "");
    TestCertificates made;
    made.ca = dir->File("ca.pem");
    made.other_ca = dir->File("other-ca.pem");
    made.server_certificate = dir->File("server.pem");
    made.server_key = dir->File("server.key");
    made.renewed_certificate = dir->File("renewed.pem");
    made.renewed_key = dir->File("renewed.key");
    made.client_certificate = dir->File("client.pem");
    made.client_key = dir->File("client.key");
    made.stranger_certificate = dir->File("stranger.pem");
    made.stranger_key = dir->File("stranger.key");
    return made;
  }();
  return certificates;
}

bool TlsMode() {
  const char* value = std::getenv("TESTS_OVER_TLS");
  return value && std::string(value) == "1";
}

TlsClientOptions HttpsClientOptions() {
  TlsClientOptions options;
  options.enabled = true;
  options.trusted_ca = Certificates().ca;
  return options;
}

TlsClientOptions DefaultClientOptions() {
  return TlsMode() ? HttpsClientOptions() : TlsClientOptions{};
}

}  // namespace inlet::testing
