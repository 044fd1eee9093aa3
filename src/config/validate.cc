// Validate: each key's own constraint from the table, then the rules that tie keys
// together and so can only be checked once every source has been applied.
#include "config/config_keys.h"

namespace inlet::config {
namespace {

Status Inconsistent(const std::string& message) {
  return Status::InvalidArgument("config-inconsistent", message);
}

Status CheckPublicUrl(const std::string& url) {
  if (url.empty()) return Status::Ok();
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return Status::InvalidArgument(
        "config-invalid-value",
        "server.publicUrl: expected a URL starting with http:// or https://, got \"" + url + "\"");
  }
  // Endpoint URLs are built by appending "/upload/...", which would double the slash.
  if (url.ends_with("/")) {
    return Status::InvalidArgument(
        "config-invalid-value", "server.publicUrl: remove the trailing slash from \"" + url + "\"");
  }
  return Status::Ok();
}

bool IsOrigin(std::string_view origin) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!origin.starts_with(scheme)) continue;
    const std::string_view host = origin.substr(scheme.size());
    return !host.empty() && host.find_first_of("/?#@ \t") == std::string_view::npos;
  }
  return false;
}

}  // namespace

Result<std::vector<std::string>> CorsOrigins(const std::string& text) {
  std::vector<std::string> origins;
  size_t at = 0;
  while (at <= text.size()) {
    size_t comma = text.find(',', at);
    if (comma == std::string::npos) comma = text.size();
    std::string_view item(text.data() + at, comma - at);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) {
      if (item != "*" && !IsOrigin(item)) {
        return Status::InvalidArgument(
            "config-invalid-value",
            "server.corsOrigins: \"" + std::string(item) +
                "\" is not an origin: expected scheme, host and optional port, e.g. "
                "https://tool.example.com or http://localhost:3000, or *");
      }
      origins.emplace_back(item);
    }
    at = comma + 1;
  }
  return origins;
}

Status Validate(const Config& config) {
  for (const internal::Key& key : internal::Keys()) {
    INLET_RETURN_IF_ERROR(internal::CheckValue(key, config));
  }
  INLET_RETURN_IF_ERROR(CheckPublicUrl(config.server.public_url));
  INLET_RETURN_IF_ERROR(CorsOrigins(config.server.cors_origins).status());

  const ServerConfig& server = config.server;
  if (server.tls_certificate.empty() != server.tls_private_key.empty()) {
    return Inconsistent(
        "server.tlsCertificate and server.tlsPrivateKey go together: set both for HTTPS or "
        "neither for plain HTTP");
  }
  if (!server.tls_client_ca.empty() && server.tls_certificate.empty()) {
    return Inconsistent(
        "server.tlsClientCa asks clients for certificates, which needs HTTPS: set "
        "server.tlsCertificate and server.tlsPrivateKey too");
  }
  // A body larger than the in-flight ceiling could never be admitted: it would get
  // 503 and be retried forever instead of a clear 413.
  const LimitsConfig& limits = config.limits;
  if (limits.body_wire_bytes > limits.inflight_body_bytes) {
    return Inconsistent("limits.bodyWireBytes (" + std::to_string(limits.body_wire_bytes) +
                        ") must not exceed limits.inflightBodyBytes (" +
                        std::to_string(limits.inflight_body_bytes) + ")");
  }
  if (config.store.backend == "postgres" && config.store.postgres_url.empty()) {
    return Inconsistent(
        "store.backend postgres needs store.postgresUrl (or INLET_STORE_POSTGRES_URL): the "
        "database to connect to, e.g. postgresql://inlet@db.example.com:5432/inlet");
  }
  return Status::Ok();
}

}  // namespace inlet::config
