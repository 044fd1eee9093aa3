// The route tables of the API handler (private to http/). Each api_*.cc file defines
// the routes of one resource; api_handler.cc routes, authenticates and dispatches.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/http/api.h"
#include "inlet/http/handler.h"
#include "inlet/http/message.h"

namespace inlet::http {

// Who may call a route: anyone (operations), or a token with this scope.
enum class Access { kOpen, kIngest, kRead, kAdmin };

// The step between authentication and reading the body.
struct AdmitCall {
  const RequestHead& head;
  const std::vector<std::string>& params;
  const auth::Principal& principal;
  ApiContext& context;
  std::shared_ptr<void> route_state;  // kept for the route's handler, if it sets it
};

// What a route handler gets: the request, the path placeholders, and the caller.
struct Call {
  Request request;
  std::vector<std::string> params;
  std::optional<auth::Principal> principal;  // empty on open routes
  std::shared_ptr<void> route_state;         // from the admit step
  ApiContext& context;
};

struct RouteDef {
  std::string method;
  std::string pattern;
  Access access = Access::kRead;
  uint64_t body_limit = 0;  // bytes; 0 means the management default
  // Errors answer in the ingestion envelope (SPEC §2.2) rather than the management shape.
  bool envelope = false;
  // Optional checks between authentication and reading the body. The default checks the
  // scope; a route that replaces it must do so itself. Returns a refusal, or nullopt.
  std::function<std::optional<Response>(AdmitCall&)> admit{};
  // Exactly one of these: a synchronous handler, or one that answers later through the
  // Responder (from any thread).
  std::function<Response(Call&)> handle{};
  std::function<void(std::shared_ptr<Call>, Responder)> handle_async{};
  // Optional wording of a refusal by the server (body too large, overloaded).
  std::function<void(std::shared_ptr<Call>, Refusal, uint64_t, Responder)> refuse{};
  // Optional: waits for the route's background work (see Handler::Drain).
  std::function<void()> drain{};
};

// Binds route handlers of the form `Response(UseCase&, Call&)` to one shared use case:
//   auto with = BindTo(std::make_shared<usecase::TokenAdmin>(...));
//   RouteDef{..., .handle = with(CreateToken)}
template <typename UseCase>
auto BindTo(std::shared_ptr<UseCase> use_case) {
  return [use_case](Response (*handle)(UseCase&, Call&)) -> std::function<Response(Call&)> {
    return [use_case, handle](Call& call) { return handle(*use_case, call); };
  };
}

std::vector<RouteDef> OperationsRoutes(const ApiContext& context);
std::vector<RouteDef> OpenApiRoutes();
std::vector<RouteDef> ConsoleRoutes();
std::vector<RouteDef> TokenRoutes(const ApiContext& context);
std::vector<RouteDef> CatalogRoutes(const ApiContext& context);
std::vector<RouteDef> ViewRoutes(const ApiContext& context);
std::vector<RouteDef> MappingRoutes(const ApiContext& context);
std::vector<RouteDef> ProcessingRoutes(const ApiContext& context);
std::vector<RouteDef> CorrectionRoutes(const ApiContext& context);
std::vector<RouteDef> IngestRoutes(ApiContext& context);
std::vector<RouteDef> ChangeRoutes(ApiContext& context);
std::vector<RouteDef> ExportRoutes(ApiContext& context);

}  // namespace inlet::http
