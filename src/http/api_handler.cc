// Routing, authentication and dispatch for every route of the API.
#include <spdlog/spdlog.h>

#include <string>

#include "http/api_routes.h"
#include "http/cors.h"
#include "http/ingest_answer.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/common/work_queue.h"
#include "inlet/http/errors.h"
#include "inlet/http/router.h"

namespace inlet::http {
namespace {

// Management bodies are small JSON documents (a mapping is the largest).
constexpr uint64_t kManagementBodyLimit = 4 << 20;
// Paths under this prefix belong to the ingestion contract and answer in its envelope.
constexpr std::string_view kIngestionPrefix = "/upload/";
// Threads that run management handlers (searches, counts, clears, deletes), so a slow
// one never holds up a socket thread; as many as the store has pooled readers.
constexpr int kManagementThreads = 4;
// Every route under this pattern acts on the endpoint its first placeholder names, so a
// token restricted to other endpoints is refused here, once for all of them (SPEC §8).
constexpr std::string_view kEndpointRoutes = "/api/v1/endpoints/{id}";

// What Admit() found out, handed to Handle().
struct CallState {
  size_t route = 0;
  std::vector<std::string> params;
  std::optional<auth::Principal> principal;
  std::shared_ptr<void> route_state;
};

// The endpoint a route acts on, for the restriction check: the normalized id (a
// restricted token is refused for anything it does not list, existing or not).
std::optional<std::string> ScopedEndpoint(std::string_view pattern,
                                          const std::vector<std::string>& params) {
  if (!pattern.starts_with(kEndpointRoutes) || params.empty()) return std::nullopt;
  return NormalizeUuid(params[0]).value_or(params[0]);
}

// server.corsOrigins as a list (Validate refused a bad one before the server started).
std::vector<std::string> AllowedOrigins(const config::Config& config) {
  auto origins = config::CorsOrigins(config.server.cors_origins);
  return origins.ok() ? std::move(*origins) : std::vector<std::string>{};
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class ApiHandler : public Handler {
 public:
  explicit ApiHandler(ApiContext& context)
      : context_(context), cors_(AllowedOrigins(context.config)) {
    auto add = [this](std::vector<RouteDef> table) {
      for (auto& route : table) {
        router_.Add(route.method, route.pattern);
        if (route.body_limit == 0) route.body_limit = kManagementBodyLimit;
        routes_.push_back(std::move(route));
      }
    };
    add(OperationsRoutes(context));
    add(OpenApiRoutes());
    add(ConsoleRoutes());
    add(TokenRoutes(context));
    add(CatalogRoutes(context));
    add(ViewRoutes(context));
    add(MappingRoutes(context));
    add(ProcessingRoutes(context));
    add(IngestRoutes(context));
    add(ChangeRoutes(context));
    add(CorrectionRoutes(context));
    add(ExportRoutes(context));
  }

  Admission Admit(const RequestHead& head) override {
    Admission admission;
    auto match = router_.Find(head.method, head.path);
    const RouteDef* route =
        match.outcome == Router::Outcome::kFound ? &routes_[match.route] : nullptr;
    bool envelope = route ? route->envelope : head.path.starts_with(kIngestionPrefix);
    auto refuse = [&](const Status& status, Headers extra = {}) {
      Response response =
          envelope ? ToResponse(usecase::EnvelopeError(status, "", "")) : ErrorResponse(status);
      for (const auto& field : extra.fields()) response.headers.Set(field.name, field.value);
      if (route) response.route = router_.Label(match.route);
      cors_.Decorate(head.headers.Get("Origin"), response);
      admission.refusal = std::move(response);
      return std::move(admission);
    };
    // A browser asks before a cross-origin call, without a token; no route takes OPTIONS.
    if (match.outcome == Router::Outcome::kMethodNotAllowed && cors_.IsPreflight(head)) {
      admission.refusal = cors_.Preflight(head, match.allowed);
      return admission;
    }
    if (head.shutting_down) {
      return refuse(
          Status::Unavailable("shutting-down", "the server is shutting down; retry in a moment"));
    }
    if (match.outcome == Router::Outcome::kNoSuchPath) {
      return refuse(Status::NotFound("route-not-found",
                                     "there is no route " + head.path + "; see docs/api.md"));
    }
    if (match.outcome == Router::Outcome::kMethodNotAllowed) {
      Headers allow;
      allow.Set("Allow", Join(match.allowed));
      return refuse(
          Status(StatusCode::kMethodNotAllowed, "method-not-allowed",
                 head.method + " is not allowed on " + head.path + "; use " + Join(match.allowed)),
          allow);
    }
    // Nothing open reads a body, and a GET has none: refused before a byte of it is read,
    // so no client, with or without a token, makes the server hold one here (SPEC §8).
    bool has_body = head.chunked || head.content_length.value_or(0) > 0;
    if (has_body && (route->access == Access::kOpen || head.method == "GET")) {
      return refuse(Status::InvalidArgument(
          "body-not-allowed", head.method + " " + head.path + " takes no request body"));
    }

    auto state = std::make_shared<CallState>();
    if (route->access != Access::kOpen) {
      auto principal =
          context_.authenticator.Authenticate(head.headers.Get("Authorization"), NowUnixMillis());
      if (!principal.ok()) return refuse(principal.status());
      state->principal = std::move(principal.value());
      if (route->admit) {
        AdmitCall call{head, match.params, *state->principal, context_, nullptr};
        auto refusal = route->admit(call);
        state->route_state = std::move(call.route_state);
        if (refusal) {
          refusal->route = router_.Label(match.route);
          cors_.Decorate(head.headers.Get("Origin"), *refusal);
          admission.refusal = std::move(*refusal);
          return admission;
        }
      } else {
        auth::Scope scope = route->access == Access::kAdmin    ? auth::Scope::kAdmin
                            : route->access == Access::kIngest ? auth::Scope::kIngest
                                                               : auth::Scope::kRead;
        Status allowed =
            auth::Authorize(*state->principal, scope, ScopedEndpoint(route->pattern, match.params));
        if (!allowed.ok()) return refuse(allowed);
      }
    }
    if (!route->admit && head.content_length && *head.content_length > route->body_limit) {
      return refuse(Status(StatusCode::kPayloadTooLarge, "body-too-large",
                           "the body declares " + std::to_string(*head.content_length) +
                               " bytes; the maximum here is " + std::to_string(route->body_limit) +
                               " bytes"));
    }
    state->route = match.route;
    state->params = std::move(match.params);
    admission.body_limit = route->body_limit;
    admission.state = std::move(state);
    return admission;
  }

  void Handle(Request request, Responder respond) override {
    auto state = std::static_pointer_cast<CallState>(request.admission_state);
    const RouteDef& route = routes_[state->route];
    Responder labelled = Label(state->route, request.head, std::move(respond));
    auto call = MakeCall(std::move(request), *state);
    if (route.handle_async) return route.handle_async(std::move(call), std::move(labelled));
    // Operations routes are quick and must answer while management calls are slow.
    if (route.access == Access::kOpen) return labelled(route.handle(*call));
    management_.Post([&route, call = std::move(call), labelled = std::move(labelled)] {
      try {
        labelled(route.handle(*call));
      } catch (const std::exception& e) {
        const RequestHead& head = call->request.head;
        spdlog::error("request {} {} {}: handler failed: {}", head.request_id, head.method,
                      head.path, e.what());
        labelled(ErrorResponse(
            500, "internal-error",
            "an internal error occurred; it has been logged with request id " + head.request_id));
      }
    });
  }

  void Refuse(Request request, Refusal reason, uint64_t limit, Responder respond) override {
    auto state = std::static_pointer_cast<CallState>(request.admission_state);
    const RouteDef& route = routes_[state->route];
    Responder labelled = Label(state->route, request.head, std::move(respond));
    if (route.refuse) {
      return route.refuse(MakeCall(std::move(request), *state), reason, limit, std::move(labelled));
    }
    labelled(ErrorResponse(
        reason == Refusal::kBodyTooLarge
            ? Status(StatusCode::kPayloadTooLarge, "body-too-large",
                     "the body is larger than the maximum of " + std::to_string(limit) + " bytes")
            : Status::Unavailable("overloaded",
                                  "too many request bodies are in memory; retry "
                                  "shortly")));
  }

  void Drain() override {
    management_.Drain();
    for (const auto& route : routes_) {
      if (route.drain) route.drain();
    }
  }

 private:
  std::shared_ptr<Call> MakeCall(Request request, CallState& state) {
    return std::make_shared<Call>(Call{std::move(request), std::move(state.params),
                                       std::move(state.principal), std::move(state.route_state),
                                       context_});
  }

  // Names the route in the access log, and lets an allowed origin's page read the answer.
  Responder Label(size_t route, const RequestHead& head, Responder respond) {
    return [this, label = router_.Label(route), origin = std::string(head.headers.Get("Origin")),
            respond = std::move(respond)](Response response) {
      response.route = label;
      cors_.Decorate(origin, response);
      respond(std::move(response));
    };
  }

  ApiContext& context_;
  const CorsPolicy cors_;
  Router router_;
  std::vector<RouteDef> routes_;
  WorkQueue management_{kManagementThreads};  // last: its threads stop before routes_ go
};

}  // namespace

std::unique_ptr<Handler> MakeApiHandler(ApiContext& context) {
  return std::make_unique<ApiHandler>(context);
}

}  // namespace inlet::http
