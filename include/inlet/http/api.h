// The application's HTTP surface: the ingestion route, the management API under
// /api/v1 and the operations routes (SPEC §3.1), as one Handler for the Server.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "inlet/auth/authenticator.h"
#include "inlet/common/metrics.h"
#include "inlet/config/config.h"
#include "inlet/http/handler.h"
#include "inlet/processing/processor.h"
#include "inlet/store/search_index.h"
#include "inlet/store/store.h"
#include "inlet/usecase/field_profiles.h"

namespace inlet::http {

// What the routes need; owned by the caller and alive as long as the handler.
struct ApiContext {
  store::Store& store;
  auth::Authenticator& authenticator;
  MetricsRegistry& metrics;
  const config::Config& config;
  usecase::FieldProfiles& profiles;
  store::SearchIndex& search;
  processing::Processor& processor;
  // Scheme, host and port clients should use, e.g. "http://127.0.0.1:8888"; set once the
  // server is listening (the port may have been chosen by the system).
  std::string base_url;
  std::string version;
};

std::unique_ptr<Handler> MakeApiHandler(ApiContext& context);

}  // namespace inlet::http
