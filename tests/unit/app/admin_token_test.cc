// The first admin token (SPEC §8): written to a file of its own that did not exist
// (mode 0600), never through a planted link or over a file already there; its secret is
// printed only to a terminal.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "app/app_parts.h"
#include "inlet/store/sqlite_store.h"
#include "support/temp_dir.h"

namespace inlet::app {
namespace {

class AdminTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions options;
    options.data_dir = data_dir_;
    auto opened = store::OpenSqliteStore(options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(*opened);
  }

  int64_t Tokens() { return store_->CountTokens().value(); }

  inlet::testing::TempDir dir_;
  std::string data_dir_ = dir_.File("data");
  std::string token_file_ = data_dir_ + "/admin.token";
  std::unique_ptr<store::Store> store_;
};

TEST_F(AdminTokenTest, FirstStartWritesTheSecretToAPrivateFileAndStoresItsToken) {
  auto secret = EnsureAdminToken(*store_, data_dir_);
  ASSERT_TRUE(secret.ok()) << secret.status().message();
  EXPECT_EQ(secret->rfind("inlet_", 0), 0u);
  EXPECT_EQ(inlet::testing::ReadFile(token_file_), *secret + "\n");
  struct stat info {};
  ASSERT_EQ(::lstat(token_file_.c_str(), &info), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(Tokens(), 1);
  // Once tokens exist, nothing more is minted or written.
  auto again = EnsureAdminToken(*store_, data_dir_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, "");
  EXPECT_EQ(inlet::testing::ReadFile(token_file_), *secret + "\n");
}

TEST_F(AdminTokenTest, APlantedLinkIsRefusedAndNotWrittenThrough) {
  const std::string target = dir_.File("elsewhere");
  inlet::testing::WriteFile(target, "someone else's file\n");
  ASSERT_EQ(::symlink(target.c_str(), token_file_.c_str()), 0);
  auto secret = EnsureAdminToken(*store_, data_dir_);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().message_id(), "admin-token-file-exists");
  EXPECT_NE(secret.status().message().find(token_file_), std::string::npos)
      << secret.status().message();
  EXPECT_EQ(inlet::testing::ReadFile(target), "someone else's file\n");
  EXPECT_EQ(Tokens(), 0);
}

TEST_F(AdminTokenTest, ALinkToNothingIsRefusedAndCreatesNothing) {
  // A dangling link: following it would create the target wherever it points.
  const std::string target = dir_.File("created-through-the-link");
  ASSERT_EQ(::symlink(target.c_str(), token_file_.c_str()), 0);
  auto secret = EnsureAdminToken(*store_, data_dir_);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().message_id(), "admin-token-file-exists");
  EXPECT_NE(::access(target.c_str(), F_OK), 0) << "the link was followed";
  EXPECT_EQ(Tokens(), 0);
}

TEST_F(AdminTokenTest, AFileAlreadyThereIsRefusedAndKept) {
  inlet::testing::WriteFile(token_file_, "inlet_planted\n");
  auto secret = EnsureAdminToken(*store_, data_dir_);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().message_id(), "admin-token-file-exists");
  EXPECT_NE(secret.status().message().find("remove it"), std::string::npos);
  EXPECT_EQ(inlet::testing::ReadFile(token_file_), "inlet_planted\n");
  EXPECT_EQ(Tokens(), 0);
}

TEST(AdminTokenAnnouncementTest, TheSecretIsShownOnlyOnATerminal) {
  const std::string secret = "inlet_SECRET";
  auto on_terminal = AdminTokenAnnouncement(secret, "/d/admin.token", true);
  ASSERT_EQ(on_terminal.size(), 2u);
  EXPECT_EQ(on_terminal[0], "admin token (shown once): inlet_SECRET");
  EXPECT_EQ(on_terminal[1], "admin token file: /d/admin.token");
  auto elsewhere = AdminTokenAnnouncement(secret, "/d/admin.token", false);
  ASSERT_EQ(elsewhere.size(), 1u);
  EXPECT_EQ(elsewhere[0].find(secret), std::string::npos);
  EXPECT_NE(elsewhere[0].find("/d/admin.token"), std::string::npos);
  EXPECT_EQ(AdminTokenAnnouncement("", "/d/admin.token", true),
            std::vector<std::string>{"admin token file: /d/admin.token"});
}

}  // namespace
}  // namespace inlet::app
