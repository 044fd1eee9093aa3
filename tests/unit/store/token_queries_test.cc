// API tokens against a real database file: a revocation by another process (the CLI) is
// seen at once through SQLite's cross-process locking. What every backend must do is in
// token_store_contract_test.cc.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

using inlet::testing::TempDir;

class TokenQueriesTest : public ::testing::Test {
 protected:
  TempDir dir_;
  SqliteOptions options_ = OptionsIn(dir_);
  std::unique_ptr<Store> store_ = OpenStore(options_);
};

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
