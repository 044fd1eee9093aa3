// /api/v1/tokens: create (the secret is shown once), list (never with secrets), revoke;
// each only for tokens within the caller's own scopes and endpoints. And the caller's own
// token, for any token: what a client (the console) may offer its user.
#include <memory>

#include "http/api_routes.h"
#include "http/json_support.h"
#include "inlet/common/time.h"
#include "inlet/http/errors.h"
#include "inlet/usecase/token_admin.h"

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

Response CreateToken(usecase::TokenAdmin& admin, Call& call) {
  auto body = ParseJsonObject(call.request.body);
  if (!body.ok()) return ErrorResponse(body.status());
  auto request = ReadTokenRequest(*body);
  if (!request.ok()) return ErrorResponse(request.status());
  const int64_t now = NowUnixMillis();
  auto minted = admin.Create(*call.principal, *request, now);
  if (!minted.ok()) return ErrorResponse(minted.status());
  nlohmann::json json = TokenJson(minted->record, now);
  json["token"] = minted->secret;
  Response response = JsonResponse(201, json);
  // The secret is in this answer and nowhere else: no cache along the way may keep it.
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

Response ListTokens(usecase::TokenAdmin& admin, Call& call) {
  auto tokens = admin.List(*call.principal);
  if (!tokens.ok()) return ErrorResponse(tokens.status());
  const int64_t now = NowUnixMillis();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& token : *tokens) items.push_back(TokenJson(token, now));
  return JsonResponse(200, {{"items", items}, {"next", nullptr}});
}

Response RevokeToken(usecase::TokenAdmin& admin, Call& call) {
  auto revoked = admin.Revoke(*call.principal, call.params[0], NowUnixMillis());
  if (!revoked.ok()) return ErrorResponse(revoked.status());
  return JsonResponse(200, {{"id", *revoked}, {"revoked", true}});
}

// Read from the token the request was authenticated with: no store access.
Response CurrentToken(Call& call) {
  const auth::Principal& caller = *call.principal;
  return JsonResponse(200, {{"id", caller.token_id},
                            {"name", caller.token_name},
                            {"scopes", caller.scopes},
                            {"endpoints", caller.endpoint_ids}});
}

}  // namespace

std::vector<RouteDef> TokenRoutes(const ApiContext& context) {
  auto admin = std::make_shared<usecase::TokenAdmin>(context.store, context.store);
  auto with = BindTo(admin);
  return {
      {.method = "POST",
       .pattern = "/api/v1/tokens",
       .access = Access::kAdmin,
       .handle = with(CreateToken)},
      {.method = "GET",
       .pattern = "/api/v1/tokens",
       .access = Access::kAdmin,
       .handle = with(ListTokens)},
      // Any valid token, whatever its scopes: authentication is the whole check.
      {.method = "GET",
       .pattern = "/api/v1/tokens/current",
       .access = Access::kRead,
       .admit = [](AdmitCall&) { return std::optional<Response>(); },
       .handle = CurrentToken},
      {.method = "DELETE",
       .pattern = "/api/v1/tokens/{id}",
       .access = Access::kAdmin,
       .handle = with(RevokeToken)},
  };
}

}  // namespace inlet::http
