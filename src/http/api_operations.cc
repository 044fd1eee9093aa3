// GET /healthz, /readyz and /metrics: open routes for orchestrators and Prometheus.
#include "http/api_routes.h"
#include "http/json_support.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace {

Response Healthz(Call& call) {
  return JsonResponse(200, {{"status", "ok"}, {"version", call.context.version}});
}

Response Readyz(Call& call) {
  Status writable = call.context.store.CheckWritable();
  if (!writable.ok()) {
    return ErrorResponse(Status::Unavailable(
        "storage-unavailable", "the database does not accept writes: " + writable.message()));
  }
  int64_t held = call.context.metrics
                     .GetGauge("inlet_http_inflight_body_bytes",
                               "Request body bytes received and held in memory.")
                     .Value();
  uint64_t ceiling = call.context.config.limits.inflight_body_bytes;
  if (held >= 0 && static_cast<uint64_t>(held) >= ceiling) {
    return ErrorResponse(
        Status::Unavailable("overloaded", "request bodies in memory have reached the ceiling of " +
                                              std::to_string(ceiling) + " bytes"));
  }
  store::StoreInfo info = call.context.store.Info();
  return JsonResponse(200, {{"status", "ready"},
                            {"store",
                             {{"engine", info.engine},
                              {"journalMode", info.journal_mode},
                              {"synchronous", info.synchronous},
                              {"schemaVersion", info.schema_version}}}});
}

Response Metrics(Call& call) {
  Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = call.context.metrics.RenderPrometheus();
  return response;
}

}  // namespace

std::vector<RouteDef> OperationsRoutes(const ApiContext&) {
  return {
      {.method = "GET", .pattern = "/healthz", .access = Access::kOpen, .handle = Healthz},
      {.method = "GET", .pattern = "/readyz", .access = Access::kOpen, .handle = Readyz},
      {.method = "GET", .pattern = "/metrics", .access = Access::kOpen, .handle = Metrics},
  };
}

}  // namespace inlet::http
