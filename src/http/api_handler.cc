// Routing, authentication and dispatch for every route of the API.
#include <spdlog/spdlog.h>

#include <string>

#include "http/api_routes.h"
#include "inlet/common/time.h"
#include "inlet/http/errors.h"
#include "inlet/http/router.h"

namespace inlet::http {
namespace {

// Management bodies are small JSON documents (a mapping is the largest).
constexpr uint64_t kManagementBodyLimit = 4 << 20;

// What Admit() found out, handed to Handle().
struct CallState {
  size_t route = 0;
  std::vector<std::string> params;
  std::optional<auth::Principal> principal;
};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class ApiHandler : public Handler {
 public:
  explicit ApiHandler(ApiContext& context) : context_(context) {
    for (auto table : {OperationsRoutes, TokenRoutes, CatalogRoutes, IngestRoutes}) {
      for (auto& route : table(context)) {
        router_.Add(route.method, route.pattern);
        if (route.body_limit == 0) route.body_limit = kManagementBodyLimit;
        routes_.push_back(std::move(route));
      }
    }
  }

  Admission Admit(const RequestHead& head) override {
    Admission admission;
    auto match = router_.Find(head.method, head.path);
    auto refuse = [&](Response response) {
      if (match.outcome == Router::Outcome::kFound) response.route = router_.Label(match.route);
      admission.refusal = std::move(response);
      return std::move(admission);
    };
    if (head.shutting_down) {
      return refuse(ErrorResponse(503, "shutting-down",
                                  "the server is shutting down; retry in a moment"));
    }
    if (match.outcome == Router::Outcome::kNoSuchPath) {
      return refuse(ErrorResponse(404, "route-not-found",
                                  "there is no route " + head.path + "; see /api/v1 in the docs"));
    }
    if (match.outcome == Router::Outcome::kMethodNotAllowed) {
      Response response = ErrorResponse(
          405, "method-not-allowed",
          head.method + " is not allowed on " + head.path + "; use " + Join(match.allowed));
      response.headers.Set("Allow", Join(match.allowed));
      return refuse(std::move(response));
    }

    const RouteDef& route = routes_[match.route];
    auto state = std::make_shared<CallState>();
    if (route.access != Access::kOpen) {
      auto principal =
          context_.authenticator.Authenticate(head.headers.Get("Authorization"), NowUnixMillis());
      if (!principal.ok()) return refuse(ErrorResponse(principal.status()));
      state->principal = std::move(principal.value());
      if (route.admit) {
        if (auto refusal = route.admit(head, match.params, *state->principal, context_)) {
          return refuse(std::move(*refusal));
        }
      } else {
        auth::Scope scope = route.access == Access::kAdmin    ? auth::Scope::kAdmin
                            : route.access == Access::kIngest ? auth::Scope::kIngest
                                                              : auth::Scope::kRead;
        Status allowed = auth::Authorize(*state->principal, scope);
        if (!allowed.ok()) return refuse(ErrorResponse(allowed));
      }
    }
    if (head.content_length && *head.content_length > route.body_limit) {
      return refuse(ErrorResponse(413, "body-too-large",
                                  "the body declares " + std::to_string(*head.content_length) +
                                      " bytes; the maximum here is " +
                                      std::to_string(route.body_limit) + " bytes"));
    }
    state->route = match.route;
    state->params = std::move(match.params);
    admission.body_limit = route.body_limit;
    admission.state = std::move(state);
    return admission;
  }

  void Handle(Request request, Responder respond) override {
    auto state = std::static_pointer_cast<CallState>(request.admission_state);
    const RouteDef& route = routes_[state->route];
    Call call{request, state->params, state->principal ? &*state->principal : nullptr, context_};
    Response response = route.handle(call);
    response.route = router_.Label(state->route);
    respond(std::move(response));
  }

  void BodyTooLarge(Request request, uint64_t limit, Responder respond) override {
    auto state = std::static_pointer_cast<CallState>(request.admission_state);
    Response response = ErrorResponse(
        413, "body-too-large",
        "the body is larger than the maximum of " + std::to_string(limit) + " bytes");
    response.route = router_.Label(state->route);
    respond(std::move(response));
  }

 private:
  ApiContext& context_;
  Router router_;
  std::vector<RouteDef> routes_;
};

}  // namespace

std::unique_ptr<Handler> MakeApiHandler(ApiContext& context) {
  return std::make_unique<ApiHandler>(context);
}

}  // namespace inlet::http
