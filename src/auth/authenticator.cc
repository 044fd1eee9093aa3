#include "inlet/auth/authenticator.h"

#include <algorithm>

#include "inlet/common/crypto.h"

namespace inlet::auth {

Result<Principal> Authenticator::Authenticate(std::string_view authorization,
                                              int64_t now_ms) const {
  if (authorization.empty()) {
    return Status::Unauthenticated("no token: send the header \"Authorization: Bearer <token>\"");
  }
  auto secret = ParseBearer(authorization);
  if (!secret) {
    return Status::Unauthenticated(
        "the Authorization header is malformed: expected \"Bearer <token>\"");
  }
  Sha256Digest hash = Sha256(*secret);
  INLET_ASSIGN_OR_RETURN(auto found, store_.FindTokenByHash(hash));
  const auto& token = found;
  // The index lookup already matched; the constant-time check keeps the final decision
  // independent of where two hashes would differ.
  if (!token ||
      !ConstantTimeEquals(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()),
                          std::string_view(reinterpret_cast<const char*>(token->secret_hash.data()),
                                           token->secret_hash.size()))) {
    return Status::Unauthenticated("the token is not known; check it was copied whole");
  }
  if (token->revoked_at_ms) {
    return Status::Unauthenticated("the token \"" + token->name + "\" has been revoked");
  }
  if (token->expires_at_ms && *token->expires_at_ms <= now_ms) {
    return Status::Unauthenticated("the token \"" + token->name + "\" has expired");
  }
  return Principal{token->id, token->name, token->scopes, token->endpoint_ids};
}

Status Authorize(const Principal& principal, Scope needed,
                 std::optional<std::string_view> endpoint_id) {
  if (!Grants(principal.scopes, needed)) {
    return Status::PermissionDenied("the token \"" + principal.token_name + "\" lacks the \"" +
                                    std::string(ToString(needed)) + "\" scope");
  }
  if (endpoint_id && !MayUseEndpoint(principal, *endpoint_id)) {
    return Status::PermissionDenied("the token \"" + principal.token_name +
                                    "\" may not be used for endpoint " + std::string(*endpoint_id));
  }
  return Status::Ok();
}

bool MayUseEndpoint(const Principal& principal, std::string_view endpoint_id) {
  return principal.endpoint_ids.empty() ||
         std::find(principal.endpoint_ids.begin(), principal.endpoint_ids.end(), endpoint_id) !=
             principal.endpoint_ids.end();
}

Status AuthorizeUnrestricted(const Principal& principal, std::string_view action) {
  if (principal.endpoint_ids.empty()) return Status::Ok();
  return Status::PermissionDenied("the token \"" + principal.token_name +
                                  "\" is restricted to some endpoints and may not " +
                                  std::string(action));
}

Status AuthorizeTokenWithin(const Principal& principal, const store::TokenRecord& token) {
  for (const auto& name : token.scopes) {
    auto scope = ParseScope(name);
    if (!scope || !Grants(principal.scopes, *scope)) {
      return Status::PermissionDenied("the token \"" + principal.token_name + "\" lacks the \"" +
                                      name + "\" scope, so it cannot manage a token that has it");
    }
  }
  if (principal.endpoint_ids.empty()) return Status::Ok();
  if (token.endpoint_ids.empty()) {
    return Status::PermissionDenied("the token \"" + principal.token_name +
                                    "\" is restricted to some endpoints, so it cannot manage a "
                                    "token for every endpoint; list its endpoints in "
                                    "\"endpoints\"");
  }
  for (const auto& id : token.endpoint_ids) {
    if (!MayUseEndpoint(principal, id)) {
      return Status::PermissionDenied("the token \"" + principal.token_name +
                                      "\" may not be used for endpoint " + id +
                                      ", so it cannot manage a token for it");
    }
  }
  return Status::Ok();
}

}  // namespace inlet::auth
