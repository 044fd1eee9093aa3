// The background checkpointer: commits never copy the WAL back themselves, and it does.
#include "store/checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "support/temp_dir.h"

namespace inlet::store {
namespace {

using inlet::testing::TempDir;

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = Connection::Open(File(), /*create=*/true, 1000);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    writer_ = std::move(*writer);
    ASSERT_TRUE(writer_->PragmaText("PRAGMA journal_mode = WAL", "wal").ok());
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", "create").ok());
    main_file_size_at_start_ = std::filesystem::file_size(File());
  }

  std::string File() { return dir_.File("test.db"); }

  // `commits` transactions of 20 rows of 1 KiB: about 5 pages each.
  void Write(int commits) {
    for (int c = 0; c < commits; ++c) {
      ASSERT_TRUE(writer_->Exec("BEGIN", "begin").ok());
      for (int i = 0; i < 20; ++i) {
        Result<Statement> stmt = writer_->Prepare("INSERT INTO t (v) VALUES (?1)", "insert");
        ASSERT_TRUE(stmt.ok());
        ASSERT_TRUE(stmt->Bind(1, std::string(1024, 'x')).Run().ok());
      }
      ASSERT_TRUE(writer_->Exec("COMMIT", "commit").ok());
    }
  }

  // The database file itself (not the WAL) grows only when pages are copied back.
  bool MainFileGrew() {
    return std::filesystem::file_size(File()) > main_file_size_at_start_ + 100 * 1024;
  }

  TempDir dir_;
  std::unique_ptr<Connection> writer_;
  uintmax_t main_file_size_at_start_ = 0;
};

TEST_F(CheckpointerTest, CopiesTheWalBackOnItsOwnThreadPastTheThreshold) {
  auto own = Connection::Open(File(), /*create=*/false, 1000);
  ASSERT_TRUE(own.ok());
  Checkpointer checkpointer(*writer_, std::move(*own), /*threshold_pages=*/50);
  Write(40);  // ~200 pages
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!MainFileGrew() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(MainFileGrew());
}

TEST_F(CheckpointerTest, BelowTheThresholdNothingIsCopiedAndCommitsNeverCopy) {
  auto own = Connection::Open(File(), /*create=*/false, 1000);
  ASSERT_TRUE(own.ok());
  // With SQLite's automatic checkpoint (1,000 pages) still on, these commits would copy
  // the WAL back themselves; the checkpointer's hook replaces it.
  Checkpointer checkpointer(*writer_, std::move(*own), /*threshold_pages=*/100000);
  Write(300);  // ~1,500 pages
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(MainFileGrew());
}

}  // namespace
}  // namespace inlet::store
