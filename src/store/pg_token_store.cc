#include "store/pg_token_store.h"

#include "store/row_readers.h"
#include "store/word_list.h"

namespace inlet::store {

Status PgTokenStore::InsertToken(const TokenRecord& token) {
  INLET_ASSIGN_OR_RETURN(auto connection, pool_->Acquire());
  return connection->Run(
      "INSERT INTO tokens (id, name, secret_hash, scopes, endpoint_ids, created_at, "
      "expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {token.id, token.name, PgParam::Bytes(token.secret_hash.data(), token.secret_hash.size()),
       JoinWords(token.scopes), JoinWords(token.endpoint_ids), token.created_at_ms,
       token.expires_at_ms, token.revoked_at_ms},
      "insert token");
}

Result<std::optional<TokenRecord>> PgTokenStore::FindTokenByHash(const Sha256Digest& hash) {
  INLET_ASSIGN_OR_RETURN(auto connection, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows, connection->Query(std::string(kTokenColumns) + "WHERE secret_hash = $1",
                                       {PgParam::Bytes(hash.data(), hash.size())}, "find token"));
  if (rows.Rows() == 0) return std::optional<TokenRecord>();
  INLET_ASSIGN_OR_RETURN(auto token, TokenFromRow(PgRow(rows, 0)));
  return std::optional<TokenRecord>(std::move(token));
}

Result<std::vector<TokenRecord>> PgTokenStore::ListTokens() {
  INLET_ASSIGN_OR_RETURN(auto connection, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(
      PgResult rows,
      connection->Query(std::string(kTokenColumns) + "ORDER BY created_at, id", {}, "list tokens"));
  std::vector<TokenRecord> tokens;
  for (int row = 0; row < rows.Rows(); ++row) {
    INLET_ASSIGN_OR_RETURN(auto token, TokenFromRow(PgRow(rows, row)));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

Status PgTokenStore::RevokeToken(const std::string& token_id, int64_t now_ms) {
  INLET_ASSIGN_OR_RETURN(auto connection, pool_->Acquire());
  // coalesce keeps the first revocation time: a revocation is a fact, not a setting.
  INLET_ASSIGN_OR_RETURN(
      PgResult revoked,
      connection->Query("UPDATE tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1",
                        {token_id, now_ms}, "revoke token"));
  if (revoked.Affected() == 0) {
    return Status::NotFound("token-not-found", "no token has the id " + token_id);
  }
  return Status::Ok();
}

Result<int64_t> PgTokenStore::CountTokens() {
  INLET_ASSIGN_OR_RETURN(auto connection, pool_->Acquire());
  INLET_ASSIGN_OR_RETURN(PgResult count,
                         connection->Query("SELECT count(*) FROM tokens", {}, "count tokens"));
  return count.Int(0, 0);
}

}  // namespace inlet::store
