// Managing API tokens (SPEC §1): minting one (its secret is shown once), listing them
// (never with secrets) and revoking one; each only for tokens within the caller's own
// scopes and endpoints, so no token reaches beyond the one that manages it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "inlet/auth/authenticator.h"
#include "inlet/auth/token.h"
#include "inlet/common/status.h"
#include "inlet/store/endpoints.h"
#include "inlet/store/tokens.h"

namespace inlet::usecase {

class TokenAdmin {
 public:
  // Both must outlive this object.
  TokenAdmin(store::TokenStore& tokens, store::EndpointStore& endpoints);

  // kInvalidArgument for a bad request or an endpoint that does not exist;
  // kPermissionDenied for a token beyond the caller's reach.
  Result<auth::MintedToken> Create(const auth::Principal& caller, const auth::TokenRequest& request,
                                   int64_t now_ms);
  // Every token within the caller's reach, revoked and expired ones included.
  Result<std::vector<store::TokenRecord>> List(const auth::Principal& caller);
  // `token_id` as sent; the normalized id once revoked. kNotFound "token-not-found"
  // when no token has it; kPermissionDenied for one beyond the caller's reach.
  Result<std::string> Revoke(const auth::Principal& caller, std::string_view token_id,
                             int64_t now_ms);

 private:
  store::TokenStore& tokens_;
  store::EndpointStore& endpoints_;
};

}  // namespace inlet::usecase
