// API tokens kept in PostgreSQL (SPEC §12), with TokenStore's contract (tokens.h). Every
// look-up reads the database, so a token revoked on one node is refused by every node at
// its next request.
#pragma once

#include <memory>

#include "inlet/store/tokens.h"
#include "store/pg_pool.h"

namespace inlet::store {

class PgTokenStore : public TokenStore {
 public:
  explicit PgTokenStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

  Status InsertToken(const TokenRecord& token) override;
  Result<std::optional<TokenRecord>> FindTokenByHash(const Sha256Digest& hash) override;
  Result<std::vector<TokenRecord>> ListTokens() override;
  Status RevokeToken(const std::string& token_id, int64_t now_ms) override;
  Result<int64_t> CountTokens() override;

 private:
  std::shared_ptr<PgPool> pool_;
};

}  // namespace inlet::store
