// The libpq layer of the PostgreSQL store against the test cluster: errors mapped to
// Status by SQLSTATE, connections refused with where, binary parameters round-tripped,
// and migrations run once by nodes that start together, a newer schema refused.
#include "store/pg_connection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "store/pg_pool.h"
#include "store/pg_schema.h"
#include "support/postgres_database.h"

namespace inlet::store {
namespace {

using inlet::testing::PostgresDatabase;

std::unique_ptr<PgConnection> Connect(const std::string& url) {
  auto connection = PgConnection::Open(url);
  if (!connection.ok()) throw std::runtime_error(connection.status().message());
  return std::move(*connection);
}

TEST(PgErrorTest, SqlStatesMapToWhatACallerCanDo) {
  EXPECT_EQ(PgError("23505", "duplicate key", "insert token").code(), StatusCode::kConflict);
  EXPECT_EQ(PgError("08006", "connection failure", "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(PgError("57P01", "terminating connection", "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(PgError("40001", "could not serialize", "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(PgError("", "server closed the connection", "x").code(), StatusCode::kUnavailable);
  Status full = PgError("53100", "could not extend file", "append records");
  EXPECT_EQ(full.code(), StatusCode::kStorageFull);
  EXPECT_EQ(full.message_id(), "storage-full");
  Status other =
      PgError("42601", "syntax error at or near \"SELEC\"\nLINE 1: SELEC", "list tokens");
  EXPECT_EQ(other.code(), StatusCode::kInternal);
  EXPECT_EQ(other.message(), "list tokens: syntax error at or near \"SELEC\"")
      << "one line, with the operation";
}

TEST(PgConnectionTest, AnUnreachableServerIsUnavailableNamingWhere) {
  auto connection = PgConnection::Open("postgresql://inlet@127.0.0.1:1/inlet?connect_timeout=2");
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(connection.status().message().find("127.0.0.1:1"), std::string::npos)
      << connection.status().message();
}

TEST(PgConnectionTest, ParametersTravelAsValuesNeverAsSql) {
  PostgresDatabase database;
  auto connection = Connect(database.url());
  const std::string bytes("\x00\x01\xff' OR '1'='1", 15);
  auto rows = connection->Query("SELECT $1::text, $2::bigint, $3::bytea, $4::bigint",
                                {"'; DROP TABLE x; --", int64_t{-42},
                                 PgParam::Bytes(bytes.data(), bytes.size()), PgParam::Null()},
                                "echo");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows->Text(0, 0), "'; DROP TABLE x; --");
  EXPECT_EQ(rows->Int(0, 1), -42);
  EXPECT_EQ(rows->Bytes(0, 2), bytes);
  EXPECT_FALSE(rows->OptionalInt(0, 3).has_value());
}

TEST(PgConnectionTest, ATransactionNotCommittedIsRolledBack) {
  PostgresDatabase database;
  auto connection = Connect(database.url());
  ASSERT_TRUE(connection->Run("CREATE TABLE t (v integer)", {}, "create").ok());
  {
    auto transaction = PgTransaction::Begin(*connection, "insert");
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(connection->Run("INSERT INTO t VALUES (1)", {}, "insert").ok());
  }
  {
    auto transaction = PgTransaction::Begin(*connection, "insert");
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(connection->Run("INSERT INTO t VALUES (2)", {}, "insert").ok());
    ASSERT_TRUE(transaction->Commit().ok());
  }
  auto rows = connection->Query("SELECT v FROM t", {}, "read");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->Rows(), 1);
  EXPECT_EQ(rows->Int(0, 0), 2);
}

TEST(PgPoolTest, AWaitForAConnectionIsBoundedAndAReturnedOneIsLentAgain) {
  PostgresDatabase database;
  auto pool = PgPool::Open(database.url(), 1, std::chrono::milliseconds(200));
  ASSERT_TRUE(pool.ok()) << pool.status().message();
  {
    auto held = (*pool)->Acquire();
    ASSERT_TRUE(held.ok());
    const auto start = std::chrono::steady_clock::now();
    auto refused = (*pool)->Acquire();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
  }
  auto again = (*pool)->Acquire();
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE((*again)->Run("SELECT 1", {}, "probe").ok());
}

TEST(PgSchemaTest, NodesStartingTogetherMigrateOnce) {
  PostgresDatabase database;
  std::vector<std::thread> nodes;
  std::vector<Result<int>> versions(4, Status::Internal("not run"));
  for (size_t i = 0; i < versions.size(); ++i) {
    nodes.emplace_back([&, i] {
      auto connection = Connect(database.url());
      versions[i] = MigratePostgres(*connection);
    });
  }
  for (auto& node : nodes) node.join();
  for (const auto& version : versions) {
    ASSERT_TRUE(version.ok()) << version.status().message();
    EXPECT_EQ(*version, PgSchemaVersion());
  }
  auto connection = Connect(database.url());
  auto applied = connection->Query("SELECT version FROM schema_migrations ORDER BY version", {},
                                   "read migrations");
  ASSERT_TRUE(applied.ok());
  ASSERT_EQ(applied->Rows(), PgSchemaVersion()) << "each migration once";
  EXPECT_EQ(*MigratePostgres(*connection), PgSchemaVersion()) << "and again: nothing to do";
}

TEST(PgSchemaTest, ANewerSchemaIsRefusedAndLeftAlone) {
  PostgresDatabase database;
  auto connection = Connect(database.url());
  ASSERT_TRUE(MigratePostgres(*connection).ok());
  const int newer = PgSchemaVersion() + 1;
  ASSERT_TRUE(connection
                  ->Run("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)",
                        {int64_t{newer}}, "pretend a newer inlet ran")
                  .ok());
  Result<int> refused = MigratePostgres(*connection);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message_id(), "schema-too-new");
  EXPECT_NE(refused.status().message().find("run a newer inlet"), std::string::npos);
  auto count = connection->Query("SELECT count(*) FROM schema_migrations", {}, "count");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Int(0, 0), PgSchemaVersion() + 1);
}

}  // namespace
}  // namespace inlet::store
