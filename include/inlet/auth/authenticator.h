// Who is calling, and may they do this? The 401/403 split of SPEC §3.
//
// Every call reads the token from the store, so a revocation, also one made by the CLI
// in another process, takes effect on the next request.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/auth/token.h"
#include "inlet/common/status.h"
#include "inlet/store/tokens.h"

namespace inlet::auth {

struct Principal {
  std::string token_id;
  std::string token_name;
  std::vector<std::string> scopes;
  std::vector<std::string> endpoint_ids;  // empty: every endpoint
};

class Authenticator {
 public:
  // `store` must outlive the authenticator.
  explicit Authenticator(store::TokenStore& store) : store_(store) {}

  // kUnauthenticated when the header is missing or malformed, or the token is unknown,
  // expired or revoked; kUnavailable when the store cannot be read.
  Result<Principal> Authenticate(std::string_view authorization, int64_t now_ms) const;

 private:
  store::TokenStore& store_;
};

// kPermissionDenied ("forbidden") when `principal` lacks `needed`, or when an endpoint is
// named and the token is restricted to others. `endpoint_id` must be normalized.
Status Authorize(const Principal& principal, Scope needed,
                 std::optional<std::string_view> endpoint_id = std::nullopt);

// Whether `principal` may see `endpoint_id` (normalized): it is unrestricted, or lists it.
bool MayUseEndpoint(const Principal& principal, std::string_view endpoint_id);

// kPermissionDenied unless `principal` reaches every endpoint: what only such a token may
// do (e.g. create endpoints, which would otherwise lie outside its own list). `action`
// completes "… may not <action>".
Status AuthorizeUnrestricted(const Principal& principal, std::string_view action);

// kPermissionDenied unless `token` stays within what `principal` may do: each of its
// scopes is granted to `principal`, and when `principal` is restricted to endpoints,
// `token` is restricted to some of them (never to none, which means every endpoint).
// Checked before a token is created, listed or revoked, so no token reaches beyond the
// one that manages it.
Status AuthorizeTokenWithin(const Principal& principal, const store::TokenRecord& token);

}  // namespace inlet::auth
