// Store methods for API tokens.
#include "store/row_readers.h"
#include "store/sqlite_store_impl.h"
#include "store/word_list.h"

namespace inlet::store {

Status SqliteStore::InsertToken(const TokenRecord& token) {
  static constexpr char kSql[] =
      "INSERT INTO tokens (id, name, secret_hash, scopes, endpoint_ids, created_at, "
      "expires_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  std::lock_guard lock(writer_mutex_);
  INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(kSql, "insert token"));
  return stmt.Bind(1, token.id)
      .Bind(2, token.name)
      .BindBlob(3, token.secret_hash.data(), token.secret_hash.size())
      .Bind(4, JoinWords(token.scopes))
      .Bind(5, JoinWords(token.endpoint_ids))
      .Bind(6, token.created_at_ms)
      .Bind(7, token.expires_at_ms)
      .Bind(8, token.revoked_at_ms)
      .Run();
}

Result<std::optional<TokenRecord>> SqliteStore::FindTokenByHash(const Sha256Digest& hash) {
  static const std::string kSql = std::string(kTokenColumns) + "WHERE secret_hash = ?1";
  std::lock_guard lock(admission_mutex_);
  INLET_ASSIGN_OR_RETURN(auto stmt, admission_->Prepare(kSql, "find token"));
  stmt.BindBlob(1, hash.data(), hash.size());
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return std::optional<TokenRecord>();
  INLET_ASSIGN_OR_RETURN(auto token, TokenFromRow(stmt));
  return std::optional<TokenRecord>(std::move(token));
}

Result<std::vector<TokenRecord>> SqliteStore::ListTokens() {
  static const std::string kSql = std::string(kTokenColumns) + "ORDER BY created_at, id";
  auto reader = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, reader->Prepare(kSql, "list tokens"));
  std::vector<TokenRecord> tokens;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    if (!row) return tokens;
    INLET_ASSIGN_OR_RETURN(auto token, TokenFromRow(stmt));
    tokens.push_back(std::move(token));
  }
}

Status SqliteStore::RevokeToken(const std::string& token_id, int64_t now_ms) {
  // coalesce keeps the first revocation time: a revocation is a fact, not a setting.
  static constexpr char kSql[] =
      "UPDATE tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1";
  std::lock_guard lock(writer_mutex_);
  {
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(kSql, "revoke token"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, token_id).Bind(2, now_ms).Run());
  }
  if (writer_->Changes() == 0) {
    return Status::NotFound("token-not-found", "no token has the id " + token_id);
  }
  return Status::Ok();
}

Result<int64_t> SqliteStore::CountTokens() {
  auto reader = readers_.Acquire();
  INLET_ASSIGN_OR_RETURN(auto stmt, reader->Prepare("SELECT count(*) FROM tokens", "count tokens"));
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

}  // namespace inlet::store
