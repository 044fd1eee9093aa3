// API tokens against a real database file, including a second store on the same file
// standing in for the CLI.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "inlet/common/crypto.h"
#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

using inlet::testing::TempDir;

TokenRecord MakeToken(const std::string& name, int64_t created_at_ms) {
  TokenRecord token;
  token.id = NewUuidV4();
  token.name = name;
  token.secret_hash = Sha256("secret of " + name);
  token.scopes = {"ingest", "read"};
  token.created_at_ms = created_at_ms;
  return token;
}

class TokenQueriesTest : public ::testing::Test {
 protected:
  TempDir dir_;
  SqliteOptions options_ = OptionsIn(dir_);
  std::unique_ptr<Store> store_ = OpenStore(options_);
};

TEST_F(TokenQueriesTest, InsertAndFindRoundTripEveryField) {
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

TEST_F(TokenQueriesTest, UnknownHashIsNotAnError) {
  Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(Sha256("nobody"));
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
}

TEST_F(TokenQueriesTest, ListIsByCreationTimeAndCountMatches) {
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

TEST_F(TokenQueriesTest, RevokeKeepsTheFirstTimeAndUnknownIsNotFound) {
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

TEST_F(TokenQueriesTest, RevocationByAnotherProcessIsSeenAtOnce) {
  TokenRecord token = MakeToken("pipeline", 1000);
  ASSERT_TRUE(store_->InsertToken(token).ok());
  // Warm every reader so each holds cached statements from before the revocation.
  for (int i = 0; i < 2 * options_.reader_connections; ++i) {
    Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(token.secret_hash);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_FALSE((*found)->revoked_at_ms.has_value());
  }

  {
    auto cli = OpenStore(options_);  // what `inlet token revoke` does
    ASSERT_TRUE(cli->RevokeToken(token.id, 4242).ok());
    ASSERT_TRUE(cli->InsertToken(MakeToken("from-cli", 5000)).ok());
  }

  for (int i = 0; i < 2 * options_.reader_connections; ++i) {
    Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(token.secret_hash);
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->revoked_at_ms, 4242);
  }
  EXPECT_EQ(*store_->CountTokens(), 2);
}

// The child of RevocationByAChildProcessIsSeenAtOnce, run as a process of its own (this
// test binary again, by exec): it opens its own store on the directory its environment
// names and revokes the token named there. Skipped when run any other way.
TEST(TokenQueriesChild, RevokesTheNamedToken) {
  const char* dir = std::getenv("TOKEN_TEST_CHILD_DATA_DIR");
  const char* id = std::getenv("TOKEN_TEST_CHILD_REVOKE");
  if (dir == nullptr || id == nullptr)
    GTEST_SKIP() << "run by RevocationByAChildProcessIsSeenAtOnce";
  SqliteOptions options;
  options.data_dir = dir;
  auto cli = OpenSqliteStore(options);
  ASSERT_TRUE(cli.ok()) << cli.status().message();
  ASSERT_TRUE((*cli)->RevokeToken(id, 4242).ok());
}

TEST_F(TokenQueriesTest, RevocationByAChildProcessIsSeenAtOnce) {
  TokenRecord token = MakeToken("pipeline", 1000);
  ASSERT_TRUE(store_->InsertToken(token).ok());
  ASSERT_FALSE((*store_->FindTokenByHash(token.secret_hash))->revoked_at_ms.has_value());

  // A real second process, so SQLite's cross-process (POSIX lock and shared-memory) path
  // is the one exercised. Spawned rather than forked: a fork of this process (the store
  // runs threads) could inherit a lock some thread held and hang in the child.
  const std::string filter = "--gtest_filter=TokenQueriesChild.RevokesTheNamedToken";
  const std::string dir_var = "TOKEN_TEST_CHILD_DATA_DIR=" + options_.data_dir;
  const std::string id_var = "TOKEN_TEST_CHILD_REVOKE=" + token.id;
  char self[] = "/proc/self/exe";
  char* argv[] = {self, const_cast<char*>(filter.c_str()), nullptr};
  char* envp[] = {const_cast<char*>(dir_var.c_str()), const_cast<char*>(id_var.c_str()), nullptr};
  pid_t child = 0;
  ASSERT_EQ(posix_spawn(&child, self, nullptr, nullptr, argv, envp), 0);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFEXITED(wait_status));
  ASSERT_EQ(WEXITSTATUS(wait_status), 0);

  Result<std::optional<TokenRecord>> found = store_->FindTokenByHash(token.secret_hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->revoked_at_ms, 4242);
}

}  // namespace
}  // namespace inlet::store::testing
