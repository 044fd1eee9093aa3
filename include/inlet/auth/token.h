// API tokens: minting, the Authorization header, scopes.
//
// A secret is "inlet_" followed by 43 base64url characters (256 bits from the CSPRNG).
// Only its SHA-256 is stored; the secret is shown once, when it is minted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/common/status.h"
#include "inlet/store/tokens.h"

namespace inlet::auth {

enum class Scope { kIngest, kRead, kAdmin };

std::string_view ToString(Scope scope);
std::optional<Scope> ParseScope(std::string_view text);

// Whether `granted` (scope names as stored) allows `needed`; admin allows everything.
bool Grants(const std::vector<std::string>& granted, Scope needed);

struct TokenRequest {
  std::string name;
  std::vector<std::string> scopes;          // at least one of ingest, read, admin
  std::optional<int64_t> expires_in_hours;  // > 0 when given
  std::vector<std::string> endpoint_ids;    // empty: every endpoint
};

struct MintedToken {
  store::TokenRecord record;  // what is stored
  std::string secret;         // what the client must keep; never stored
};

// Validates `request` (kInvalidArgument naming the bad field) and makes a fresh secret.
// Endpoint ids are normalized to lower case; their existence is the caller's concern.
Result<MintedToken> MintToken(const TokenRequest& request, int64_t now_ms);

// The token from an Authorization header value: scheme "Bearer" in any case, one or
// more spaces, then a token68 (RFC 7235). nullopt when missing or malformed.
std::optional<std::string_view> ParseBearer(std::string_view authorization);

}  // namespace inlet::auth
