// What the store keeps of API tokens (SPEC §1).
//
// Part of the Store (store.h): every method is safe to call from many threads at once, and
// failures are Status values as store.h describes. Nothing here names SQL or an engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/crypto.h"
#include "inlet/common/status.h"

namespace inlet::store {

struct TokenRecord {
  std::string id;  // UUID, lower case
  std::string name;
  Sha256Digest secret_hash{};             // SHA-256 of the secret; the secret itself is never kept
  std::vector<std::string> scopes;        // "ingest", "read", "admin"
  std::vector<std::string> endpoint_ids;  // empty: every endpoint
  int64_t created_at_ms = 0;
  std::optional<int64_t> expires_at_ms;
  std::optional<int64_t> revoked_at_ms;
};

// Bearer tokens: only the hash of a secret is kept.
class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // --- tokens ---
  virtual Status InsertToken(const TokenRecord& token) = 0;
  // nullopt when no token has this hash (revoked and expired ones are still returned;
  // the caller decides). An admission look-up, like GetEndpoint: it never waits for
  // other, slower reads to finish.
  virtual Result<std::optional<TokenRecord>> FindTokenByHash(const Sha256Digest& hash) = 0;
  virtual Result<std::vector<TokenRecord>> ListTokens() = 0;
  // kNotFound "token-not-found" when unknown; revoking twice keeps the first time.
  virtual Status RevokeToken(const std::string& token_id, int64_t now_ms) = 0;
  virtual Result<int64_t> CountTokens() = 0;
};

}  // namespace inlet::store
