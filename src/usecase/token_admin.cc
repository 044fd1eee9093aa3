#include "inlet/usecase/token_admin.h"

#include <algorithm>

#include "inlet/common/uuid.h"

namespace inlet::usecase {

TokenAdmin::TokenAdmin(store::TokenStore& tokens, store::EndpointStore& endpoints)
    : tokens_(tokens), endpoints_(endpoints) {}

Result<auth::MintedToken> TokenAdmin::Create(const auth::Principal& caller,
                                             const auth::TokenRequest& request, int64_t now_ms) {
  INLET_ASSIGN_OR_RETURN(auto minted, auth::MintToken(request, now_ms));
  INLET_RETURN_IF_ERROR(auth::AuthorizeTokenWithin(caller, minted.record));
  for (const auto& endpoint_id : minted.record.endpoint_ids) {
    auto endpoint = endpoints_.GetEndpoint(endpoint_id);
    if (!endpoint.ok()) {
      if (endpoint.status().code() != StatusCode::kNotFound) return endpoint.status();
      return Status::InvalidArgument(
          "invalid-request", "\"endpoints\" names " + endpoint_id + ", which does not exist");
    }
  }
  INLET_RETURN_IF_ERROR(tokens_.InsertToken(minted.record));
  return minted;
}

Result<std::vector<store::TokenRecord>> TokenAdmin::List(const auth::Principal& caller) {
  INLET_ASSIGN_OR_RETURN(auto tokens, tokens_.ListTokens());
  std::erase_if(tokens, [&](const store::TokenRecord& token) {
    return !auth::AuthorizeTokenWithin(caller, token).ok();
  });
  return tokens;
}

Result<std::string> TokenAdmin::Revoke(const auth::Principal& caller, std::string_view token_id,
                                       int64_t now_ms) {
  auto id = NormalizeUuid(token_id);
  if (!id) {
    return Status::NotFound("token-not-found", "no token has the id " + std::string(token_id));
  }
  // Only a token within the caller's reach: a token restricted to some endpoints must not
  // lock out one that manages every endpoint.
  INLET_ASSIGN_OR_RETURN(auto tokens, tokens_.ListTokens());
  auto token = std::find_if(tokens.begin(), tokens.end(),
                            [&](const store::TokenRecord& t) { return t.id == *id; });
  if (token == tokens.end()) {
    return Status::NotFound("token-not-found", "no token has the id " + *id);
  }
  INLET_RETURN_IF_ERROR(auth::AuthorizeTokenWithin(caller, *token));
  INLET_RETURN_IF_ERROR(tokens_.RevokeToken(*id, now_ms));
  return *id;
}

}  // namespace inlet::usecase
