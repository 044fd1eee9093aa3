#include "http/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cstdio>
#include <string>

namespace inlet::http {
namespace ssl = boost::asio::ssl;
namespace {

// The reason OpenSSL queued for the last failure, and an empty queue after it.
std::string TakeOpenSslError() {
  unsigned long code = ERR_get_error();
  std::string reason;
  if (code != 0) {
    const char* text = ERR_reason_error_string(code);
    reason = text ? text : "error " + std::to_string(code);
  }
  ERR_clear_error();
  return reason.empty() ? "unknown OpenSSL error" : reason;
}

Status FileProblem(const std::string& key, const std::string& path, const std::string& what) {
  return Status::InvalidArgument("tls-file-unusable", key + " \"" + path + "\": " + what);
}

// A readable regular file, checked first so the message says "cannot read" rather than
// an OpenSSL reason for a missing file.
Status CheckReadable(const std::string& key, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return FileProblem(key, path, "cannot be read");
  std::fclose(file);
  return Status::Ok();
}

// Never prompt on the terminal for a passphrase: a server has nobody to type it.
int RefusePassphrase(char*, int, int, void*) { return 0; }

}  // namespace

Result<std::shared_ptr<ssl::context>> MakeTlsContext(const TlsOptions& options) {
  INLET_RETURN_IF_ERROR(CheckReadable("server.tlsCertificate", options.certificate_file));
  INLET_RETURN_IF_ERROR(CheckReadable("server.tlsPrivateKey", options.private_key_file));
  if (!options.client_ca_file.empty()) {
    INLET_RETURN_IF_ERROR(CheckReadable("server.tlsClientCa", options.client_ca_file));
  }
  ERR_clear_error();
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  int min_version = options.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_min_proto_version(native, min_version) != 1) {
    return Status::Internal("cannot set the minimum TLS version: " + TakeOpenSslError());
  }
  SSL_CTX_set_options(
      native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_default_passwd_cb(native, RefusePassphrase);

  if (SSL_CTX_use_certificate_chain_file(native, options.certificate_file.c_str()) != 1) {
    return FileProblem("server.tlsCertificate", options.certificate_file,
                       "not a PEM certificate chain (" + TakeOpenSslError() + ")");
  }
  if (SSL_CTX_use_PrivateKey_file(native, options.private_key_file.c_str(), SSL_FILETYPE_PEM) !=
      1) {
    return FileProblem("server.tlsPrivateKey", options.private_key_file,
                       "not an unencrypted PEM private key (" + TakeOpenSslError() + ")");
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    ERR_clear_error();
    return FileProblem(
        "server.tlsPrivateKey", options.private_key_file,
        "does not belong to the certificate in \"" + options.certificate_file + "\"");
  }
  if (!options.client_ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(native, options.client_ca_file.c_str(), nullptr) != 1) {
      return FileProblem("server.tlsClientCa", options.client_ca_file,
                         "not a PEM file of CA certificates (" + TakeOpenSslError() + ")");
    }
    // Names the acceptable CAs in the handshake, so a client with several certificates
    // picks the right one.
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options.client_ca_file.c_str());
    if (names) SSL_CTX_set_client_CA_list(native, names);
    ERR_clear_error();
    SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return context;
}

}  // namespace inlet::http
