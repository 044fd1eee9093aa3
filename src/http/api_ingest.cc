// POST /upload/api/endpoint/{id}: the ingestion call (SPEC §2). The checks before the
// body (SPEC §2.1) run in Admit; storing the records arrives with the ingestion issue.
#include "http/api_routes.h"
#include "inlet/common/uuid.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace {

std::optional<Response> AdmitUpload(const RequestHead&, const std::vector<std::string>& params,
                                    const auth::Principal& principal, ApiContext& context) {
  auto id = NormalizeUuid(params[0]);
  if (!id) {
    return ErrorResponse(
        Status::NotFound("endpoint-not-found", "\"" + params[0] + "\" is not an endpoint id"));
  }
  auto endpoint = context.store.GetEndpoint(*id);
  if (!endpoint.ok()) return ErrorResponse(endpoint.status(), *id);
  Status allowed = auth::Authorize(principal, auth::Scope::kIngest, *id);
  if (!allowed.ok()) return ErrorResponse(allowed, *id);
  return std::nullopt;
}

Response Upload(Call& call) {
  Response response = ErrorResponse(501, "not-implemented",
                                    "storing records is not implemented in this version");
  response.endpoint_id = *NormalizeUuid(call.params[0]);
  return response;
}

}  // namespace

std::vector<RouteDef> IngestRoutes(const ApiContext& context) {
  return {
      {"POST", "/upload/api/endpoint/{id}", Access::kIngest, context.config.limits.body_wire_bytes,
       AdmitUpload, Upload},
  };
}

}  // namespace inlet::http
