// GET /api/v1/openapi.json (SPEC §9): docs/openapi.yaml as JSON, for generating clients
// and for tools such as Postman to import. Open, like the operations routes: it says
// nothing that docs/ does not. The build converts the document (scripts/openapi_json.py)
// into pieces this file joins once.
#include <string>

#include "http/api_routes.h"
#include "http/json_support.h"

namespace inlet::http {
namespace {

const std::string& OpenApiJson() {
  static const std::string text = [] {
    constexpr const char* kPieces[] = {
#include "openapi_json.inc"
    };
    std::string joined;
    for (const char* piece : kPieces) joined += piece;
    return joined;
  }();
  return text;
}

}  // namespace

std::vector<RouteDef> OpenApiRoutes() {
  return {{.method = "GET",
           .pattern = "/api/v1/openapi.json",
           .access = Access::kOpen,
           .handle = [](Call&) { return TextResponse(200, OpenApiJson()); }}};
}

}  // namespace inlet::http
