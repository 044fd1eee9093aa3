// The route tables of the API handler (private to http/). Each api_*.cc file defines
// the routes of one resource; api_handler.cc routes, authenticates and dispatches.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/http/api.h"
#include "inlet/http/message.h"

namespace inlet::http {

// Who may call a route: anyone (operations), or a token with this scope.
enum class Access { kOpen, kIngest, kRead, kAdmin };

// What a route function gets: the request, the path placeholders, and the caller.
struct Call {
  const Request& request;
  const std::vector<std::string>& params;
  const auth::Principal* principal;  // null on open routes
  ApiContext& context;
};

struct RouteDef {
  std::string method;
  std::string pattern;
  Access access = Access::kRead;
  uint64_t body_limit = 0;  // bytes; 0 means the management default
  // Optional checks between authentication and reading the body. The default checks the
  // scope; a route that replaces it (ingestion: endpoint, then scope) must do so itself.
  // Returns a refusal, or nullopt to go on.
  std::function<std::optional<Response>(const RequestHead&, const std::vector<std::string>&,
                                        const auth::Principal&, ApiContext&)>
      admit;
  std::function<Response(Call&)> handle;
};

std::vector<RouteDef> OperationsRoutes(const ApiContext&);
std::vector<RouteDef> TokenRoutes(const ApiContext&);
std::vector<RouteDef> CatalogRoutes(const ApiContext&);
std::vector<RouteDef> IngestRoutes(const ApiContext& context);

}  // namespace inlet::http
