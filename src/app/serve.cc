// `inlet serve`: open the store, make sure an admin can get in, listen, drain on stop.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "app/app_parts.h"
#include "app/retention.h"
#include "inlet/auth/authenticator.h"
#include "inlet/common/logging.h"
#include "inlet/common/metrics.h"
#include "inlet/http/api.h"
#include "inlet/http/server.h"
#include "inlet/processing/processor.h"
#include "inlet/store/search_index.h"

namespace inlet::app {
namespace {

http::ServerOptions ServerOptionsFrom(const config::Config& config) {
  http::ServerOptions options;
  options.host = config.server.host;
  options.port = config.server.port;
  options.threads = config.server.threads;
  options.max_connections = config.server.max_connections;
  options.header_limit_bytes = config.server.header_limit_bytes;
  options.read_timeout_ms = config.server.read_timeout_ms;
  options.idle_timeout_ms = config.server.idle_timeout_ms;
  options.header_deadline_ms = config.server.header_deadline_ms;
  options.request_deadline_ms = config.server.request_deadline_ms;
  options.shutdown_deadline_ms = config.server.shutdown_deadline_ms;
  options.inflight_body_limit = config.limits.inflight_body_bytes;
  options.tls.certificate_file = config.server.tls_certificate;
  options.tls.private_key_file = config.server.tls_private_key;
  options.tls.min_version = config.server.tls_min_version;
  options.tls.client_ca_file = config.server.tls_client_ca;
  return options;
}

std::string BaseUrl(const config::Config& config, uint16_t port) {
  if (!config.server.public_url.empty()) {
    std::string url = config.server.public_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  bool ipv6 = config.server.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + config.server.host + "]" : config.server.host;
  std::string scheme = config.server.tls_certificate.empty() ? "http://" : "https://";
  return scheme + host + ":" + std::to_string(port);
}

// Lines a person (or a test) reads on stdout; logs go to stderr.
void Announce(const std::string& line) {
  std::fputs((line + "\n").c_str(), stdout);
  std::fflush(stdout);
}

}  // namespace

int Serve(const config::Config& config, const std::string& version) {
  Status logging = ConfigureLogging(
      config.log.level, config.log.format == "json" ? LogFormat::kJson : LogFormat::kText);
  if (!logging.ok()) {
    std::fprintf(stderr, "inlet: %s\n", logging.message().c_str());
    return 2;
  }
  auto backend = OpenBackend(config, /*with_search=*/true);
  if (!backend.ok()) {
    spdlog::critical("cannot open the store ({}): {}", BackendLocation(config),
                     backend.status().message());
    return 1;
  }
  store::Store& store = *backend->store;
  store::StoreInfo info = store.Info();
  spdlog::info("store: {} at {}, schema {}, journal_mode={}, synchronous={}", info.engine,
               info.location, info.schema_version, info.journal_mode, info.synchronous);

  auto admin_secret = EnsureAdminToken(store, config.store.data_dir);
  if (!admin_secret.ok()) {
    spdlog::critical("cannot create the first admin token: {}", admin_secret.status().message());
    return 1;
  }

  RetentionPruner pruner(store, config.retention);
  MetricsRegistry metrics;
  metrics.GetGauge("inlet_build_info", "The running version.", {{"version", version}}).Set(1);
  auth::Authenticator authenticator(store);
  usecase::FieldProfiles profiles(store, static_cast<size_t>(config.limits.profile_fields),
                                  /*save_interval_ms=*/2000, store.SharedByNodes());
  Status loaded = profiles.Load();
  if (!loaded.ok()) {
    spdlog::critical("cannot load the field profiles: {}", loaded.message());
    return 1;
  }
  processing::Processor processor(store, {.start_delay_ms = config.processing.start_delay_ms,
                                          .slice_target_ms = config.processing.slice_ms,
                                          .metrics = &metrics});
  Status processing_started = processor.Start();
  if (!processing_started.ok()) {
    spdlog::critical("cannot start processing: {}", processing_started.message());
    return 1;
  }
  http::ApiContext context{
      store, authenticator, metrics, config, profiles, *backend->search, processor, "", version};
  auto handler = http::MakeApiHandler(context);
  http::Server server(ServerOptionsFrom(config), *handler, metrics);
  auto port = server.Listen();
  if (!port.ok()) {
    spdlog::critical("{}", port.status().message());
    return port.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  context.base_url = BaseUrl(config, *port);

  for (const auto& line :
       AdminTokenAnnouncement(*admin_secret, config::AdminTokenPath(config.store.data_dir),
                              ::isatty(STDOUT_FILENO) == 1)) {
    Announce(line);
  }
  Announce("inlet " + version + " listening on " + context.base_url);
  spdlog::info("listening on {} with {} thread(s), at most {} connections", context.base_url,
               config.server.threads, server.max_connections());

  bool drained = server.Run([] { spdlog::info("no longer accepting; finishing requests"); });
  // Teardown in dependency order: the handler's background work finishes (it may still
  // append), then the store's last commits and their callbacks, then what they used.
  handler->Drain();
  // A running job stops between slices and ends failed; it can be started again.
  processor.Stop();
  store.Flush();
  handler.reset();
  backend->search.reset();
  Status saved = profiles.SaveChanged();
  if (!saved.ok()) spdlog::warn("field profiles not saved: {}", saved.message());
  FlushRequestLog();
  spdlog::info(drained ? "stopped cleanly" : "stopped; some requests were cut off at the deadline");
  return 0;
}

}  // namespace inlet::app
