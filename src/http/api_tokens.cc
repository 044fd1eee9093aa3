// /api/v1/tokens: create (the secret is shown once), list (never with secrets), revoke;
// each only for tokens within the caller's own scopes and endpoints.
#include <algorithm>

#include "http/api_routes.h"
#include "http/json_support.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace {

nlohmann::json OptionalTime(const std::optional<int64_t>& millis) {
  return millis ? nlohmann::json(FormatRfc3339Millis(*millis)) : nlohmann::json(nullptr);
}

nlohmann::json TokenJson(const store::TokenRecord& token, int64_t now_ms) {
  bool expired = token.expires_at_ms && *token.expires_at_ms <= now_ms;
  return {{"id", token.id},
          {"name", token.name},
          {"scopes", token.scopes},
          {"endpoints", token.endpoint_ids},
          {"createdAt", FormatRfc3339Millis(token.created_at_ms)},
          {"expiresAt", OptionalTime(token.expires_at_ms)},
          {"revokedAt", OptionalTime(token.revoked_at_ms)},
          {"active", !expired && !token.revoked_at_ms}};
}

Status ReadStringList(const nlohmann::json& body, const char* member,
                      std::vector<std::string>& out) {
  if (!body.contains(member)) return Status::Ok();
  const auto& list = body[member];
  if (!list.is_array()) {
    return Status::InvalidArgument("invalid-request",
                                   std::string("\"") + member + "\" must be an array of strings");
  }
  for (const auto& item : list) {
    if (!item.is_string()) {
      return Status::InvalidArgument("invalid-request",
                                     std::string("\"") + member + "\" must be an array of strings");
    }
    out.push_back(item.get<std::string>());
  }
  return Status::Ok();
}

Result<auth::TokenRequest> ReadTokenRequest(const nlohmann::json& body) {
  INLET_RETURN_IF_ERROR(CheckMembers(body, {"name", "scopes", "expiresInHours", "endpoints"}));
  auth::TokenRequest request;
  if (!body.contains("name") || !body["name"].is_string()) {
    return Status::InvalidArgument("invalid-request", "\"name\" is required and must be a string");
  }
  request.name = body["name"].get<std::string>();
  if (!body.contains("scopes")) {
    return Status::InvalidArgument("invalid-request",
                                   "\"scopes\" is required: a list of ingest, read, admin");
  }
  INLET_RETURN_IF_ERROR(ReadStringList(body, "scopes", request.scopes));
  INLET_RETURN_IF_ERROR(ReadStringList(body, "endpoints", request.endpoint_ids));
  if (body.contains("expiresInHours") && !body["expiresInHours"].is_null()) {
    if (!body["expiresInHours"].is_number_integer()) {
      return Status::InvalidArgument("invalid-request",
                                     "\"expiresInHours\" must be a whole number of hours");
    }
    request.expires_in_hours = body["expiresInHours"].get<int64_t>();
  }
  return request;
}

Response CreateToken(Call& call) {
  auto body = ParseJsonObject(call.request.body);
  if (!body.ok()) return ErrorResponse(body.status());
  auto request = ReadTokenRequest(*body);
  if (!request.ok()) return ErrorResponse(request.status());
  int64_t now = NowUnixMillis();
  auto minted = auth::MintToken(*request, now);
  if (!minted.ok()) return ErrorResponse(minted.status());
  Status within = auth::AuthorizeTokenWithin(*call.principal, minted->record);
  if (!within.ok()) return ErrorResponse(within);
  for (const auto& endpoint_id : minted->record.endpoint_ids) {
    auto endpoint = call.context.store.GetEndpoint(endpoint_id);
    if (!endpoint.ok()) {
      if (endpoint.status().code() != StatusCode::kNotFound)
        return ErrorResponse(endpoint.status());
      return ErrorResponse(Status::InvalidArgument(
          "invalid-request", "\"endpoints\" names " + endpoint_id + ", which does not exist"));
    }
  }
  Status stored = call.context.store.InsertToken(minted->record);
  if (!stored.ok()) return ErrorResponse(stored);
  nlohmann::json json = TokenJson(minted->record, now);
  json["token"] = minted->secret;
  Response response = JsonResponse(201, json);
  // The secret is in this answer and nowhere else: no cache along the way may keep it.
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Response ListTokens(Call& call) {
  auto tokens = call.context.store.ListTokens();
  if (!tokens.ok()) return ErrorResponse(tokens.status());
  int64_t now = NowUnixMillis();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& token : *tokens) {
    if (auth::AuthorizeTokenWithin(*call.principal, token).ok()) {
      items.push_back(TokenJson(token, now));
    }
  }
  return JsonResponse(200, {{"items", items}, {"next", nullptr}});
}

Response RevokeToken(Call& call) {
  auto id = NormalizeUuid(call.params[0]);
  if (!id) {
    return ErrorResponse(
        Status::NotFound("token-not-found", "no token has the id " + call.params[0]));
  }
  // Only a token within the caller's reach: a token restricted to some endpoints must not
  // lock out one that manages every endpoint.
  auto tokens = call.context.store.ListTokens();
  if (!tokens.ok()) return ErrorResponse(tokens.status());
  auto token = std::find_if(tokens->begin(), tokens->end(),
                            [&](const store::TokenRecord& t) { return t.id == *id; });
  if (token == tokens->end()) {
    return ErrorResponse(Status::NotFound("token-not-found", "no token has the id " + *id));
  }
  Status within = auth::AuthorizeTokenWithin(*call.principal, *token);
  if (!within.ok()) return ErrorResponse(within);
  Status revoked = call.context.store.RevokeToken(*id, NowUnixMillis());
  if (!revoked.ok()) return ErrorResponse(revoked);
  return JsonResponse(200, {{"id", *id}, {"revoked", true}});
}

}  // namespace

std::vector<RouteDef> TokenRoutes(const ApiContext&) {
  return {
      {.method = "POST",
       .pattern = "/api/v1/tokens",
       .access = Access::kAdmin,
       .handle = CreateToken},
      {.method = "GET",
       .pattern = "/api/v1/tokens",
       .access = Access::kAdmin,
       .handle = ListTokens},
      {.method = "DELETE",
       .pattern = "/api/v1/tokens/{id}",
       .access = Access::kAdmin,
       .handle = RevokeToken},
  };
}

}  // namespace inlet::http
