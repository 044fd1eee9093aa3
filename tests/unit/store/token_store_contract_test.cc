// TokenStore's contract (tokens.h), on every backend (backends.h): the same tests for
// SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <string>

#include "backends.h"

namespace inlet::store::testing {
namespace {

class TokenStoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  BackendDatabase database_{GetParam()};
  std::unique_ptr<TokenStore> store_ = database_.OpenTokenStore();
};

INSTANTIATE_TEST_SUITE_P(Backends, TokenStoreContract,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(TokenStoreContract, InsertAndFindRoundTripEveryField) {
  TokenRecord token = MakeToken("pipeline", 1000);
  token.endpoint_ids = {"0190a1b2-0000-4000-8000-000000000001",
                        "0190a1b2-0000-4000-8000-000000000002"};
  token.expires_at_ms = 5000;
  ASSERT_TRUE(store_->InsertToken(token).ok());

  Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(token.secret_hash);
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  const TokenRecord& got = **found;
  EXPECT_EQ(got.id, token.id);
  EXPECT_EQ(got.name, "pipeline");
  EXPECT_EQ(got.secret_hash, token.secret_hash);
  EXPECT_EQ(got.scopes, token.scopes);
  EXPECT_EQ(got.endpoint_ids, token.endpoint_ids);
  EXPECT_EQ(got.created_at_ms, 1000);
  EXPECT_EQ(got.expires_at_ms, 5000);
  EXPECT_FALSE(got.revoked_at_ms.has_value());

  TokenRecord open = MakeToken("admin", 2000);
  open.scopes = {"admin"};
  ASSERT_TRUE(store_->InsertToken(open).ok());
  Result<std::optional<TokenRecord>> admin = store_->FindTokenByHash(open.secret_hash);
  ASSERT_TRUE(admin.ok() && admin->has_value());
  EXPECT_TRUE((*admin)->endpoint_ids.empty());
  EXPECT_FALSE((*admin)->expires_at_ms.has_value());
  EXPECT_EQ((*admin)->scopes, std::vector<std::string>{"admin"});
}

TEST_P(TokenStoreContract, UnknownHashIsNotAnError) {
  Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(Sha256("nobody"));
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST_P(TokenStoreContract, ListIsByCreationTimeAndCountMatches) {
  EXPECT_EQ(*store_->CountTokens(), 0);
  ASSERT_TRUE(store_->InsertToken(MakeToken("second", 2000)).ok());
  ASSERT_TRUE(store_->InsertToken(MakeToken("first", 1000)).ok());
  ASSERT_TRUE(store_->InsertToken(MakeToken("third", 3000)).ok());
  Result<std::vector<TokenRecord>> tokens = store_->ListTokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 3u);
  EXPECT_EQ((*tokens)[0].name, "first");
  EXPECT_EQ((*tokens)[1].name, "second");
  EXPECT_EQ((*tokens)[2].name, "third");
  EXPECT_EQ(*store_->CountTokens(), 3);
}

TEST_P(TokenStoreContract, RevokeKeepsTheFirstTimeAndUnknownIsNotFound) {
  TokenRecord token = MakeToken("pipeline", 1000);
  ASSERT_TRUE(store_->InsertToken(token).ok());
  ASSERT_TRUE(store_->RevokeToken(token.id, 7000).ok());
  ASSERT_TRUE(store_->RevokeToken(token.id, 9000).ok());
  Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(token.secret_hash);
  ASSERT_TRUE(found.ok() && found->has_value()) << "revoked tokens are still found";
  EXPECT_EQ((*found)->revoked_at_ms, 7000);

  Status missing = store_->RevokeToken("00000000-0000-4000-8000-000000000000", 1);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.message_id(), "token-not-found");
  EXPECT_EQ(*store_->CountTokens(), 1) << "revoked tokens still count";
}

TEST_P(TokenStoreContract, RevocationByAnotherStoreOnTheDatabaseIsSeenAtOnce) {
  TokenRecord token = MakeToken("pipeline", 1000);
  ASSERT_TRUE(store_->InsertToken(token).ok());
  // Warm every connection so each holds cached statements from before the revocation.
  for (int i = 0; i < 4; ++i) {
    Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(token.secret_hash);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_FALSE((*found)->revoked_at_ms.has_value());
  }

  {
    auto cli = database_.OpenTokenStore();  // another node, or `inlet token revoke`
    ASSERT_TRUE(cli->RevokeToken(token.id, 4242).ok());
    ASSERT_TRUE(cli->InsertToken(MakeToken("from-cli", 5000)).ok());
  }

  for (int i = 0; i < 4; ++i) {
    Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(token.secret_hash);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->revoked_at_ms, 4242);
  }
  EXPECT_EQ(*store_->CountTokens(), 2);
}

}  // namespace
}  // namespace inlet::store::testing
