// The RAII wrappers over the SQLite C API.
#include "store/sqlite_connection.h"

#include <gtest/gtest.h>

#include <string>

#include "support/temp_dir.h"

namespace inlet::store {
namespace {

using inlet::testing::TempDir;

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Connection::Open(dir_.File("test.db"), /*create=*/true, 1000);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", "create").ok());
  }

  int64_t Count() {
    Result<Statement> stmt = db_->Prepare("SELECT count(*) FROM t", "count");
    EXPECT_TRUE(stmt.ok());
    EXPECT_TRUE(*stmt->Step());
    return stmt->Int(0);
  }

  TempDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(SqliteConnectionTest, OpenWithoutCreateFailsAsUnavailable) {
  auto missing = Connection::Open(dir_.File("missing.db"), /*create=*/false, 1000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message_id(), "storage-unavailable");
}

TEST_F(SqliteConnectionTest, CachedStatementIsReusableAndRebound) {
  for (int i = 0; i < 3; ++i) {
    Result<Statement> insert = db_->Prepare("INSERT INTO t (v) VALUES (?1)", "insert");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->Bind(1, "v" + std::to_string(i)).Run().ok());
    EXPECT_EQ(db_->LastInsertRowid(), i + 1);
  }
  EXPECT_EQ(Count(), 3);
  Result<Statement> read = db_->Prepare("SELECT v FROM t WHERE id = ?1", "read");
  ASSERT_TRUE(read.ok());
  ASSERT_TRUE(*read->Bind(1, int64_t{2}).Step());
  EXPECT_EQ(read->Text(0), "v1");
}

TEST_F(SqliteConnectionTest, BorrowingAStatementTwiceIsABug) {
  Result<Statement> first = db_->Prepare("SELECT 1", "first");
  ASSERT_TRUE(first.ok());
  Result<Statement> second = db_->Prepare("SELECT 1", "second");
  EXPECT_EQ(second.status().code(), StatusCode::kInternal);
}

TEST_F(SqliteConnectionTest, BindFailureIsReportedByStep) {
  Result<Statement> stmt = db_->Prepare("SELECT ?1", "bind");
  ASSERT_TRUE(stmt.ok());
  Result<bool> row = stmt->Bind(5, int64_t{1}).Step();  // no parameter 5
  EXPECT_EQ(row.status().code(), StatusCode::kInternal);
  EXPECT_EQ(row.status().message().rfind("bind: ", 0), 0u) << row.status().message();
}

TEST_F(SqliteConnectionTest, ErrorsCarryNoSqlText) {
  Status status = db_->Exec("SELEKT nonsense_token FROM t", "run broken query");
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(status.message().find("nonsense_token"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("SELEKT"), std::string::npos) << status.message();
}

TEST_F(SqliteConnectionTest, UncommittedTransactionRollsBack) {
  {
    WriteTransaction tx(*db_);
    ASSERT_TRUE(tx.Begin("begin").ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO t (v) VALUES ('gone')", "insert").ok());
  }
  EXPECT_EQ(Count(), 0);
  {
    WriteTransaction tx(*db_);
    ASSERT_TRUE(tx.Begin("begin").ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO t (v) VALUES ('kept')", "insert").ok());
    ASSERT_TRUE(tx.Commit("commit").ok());
  }
  EXPECT_EQ(Count(), 1);
}

TEST_F(SqliteConnectionTest, StatementDestructionEndsItsReadTransaction) {
  ASSERT_TRUE(db_->Exec("PRAGMA journal_mode = WAL", "wal").ok());
  auto other = Connection::Open(dir_.File("test.db"), /*create=*/false, 1000);
  ASSERT_TRUE(other.ok());
  // A SELECT stepped once holds a snapshot until reset; the wrapper resets on scope exit,
  // so the next use sees the other connection's commit.
  EXPECT_EQ(Count(), 0);
  ASSERT_TRUE((*other)->Exec("INSERT INTO t (v) VALUES ('new')", "insert").ok());
  EXPECT_EQ(Count(), 1);
}

}  // namespace
}  // namespace inlet::store
