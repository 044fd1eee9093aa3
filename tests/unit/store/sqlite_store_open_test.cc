// Opening the SQLite store: data directory, pragmas, migrations, and the operational
// methods.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_connection.h"
#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

using inlet::testing::TempDir;

TEST(SqliteStoreOpen, CreatesPrivateDataDirAndAppliesMigrations) {
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  options.data_dir = dir.File("nested/data/");  // parents missing, trailing slash
  auto store = OpenStore(options);

  struct stat info {};
  ASSERT_EQ(::stat(dir.File("nested/data").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700);

  RawDb raw(dir.File("nested/data/inlet.db"));
  EXPECT_EQ(raw.QueryInt("PRAGMA user_version"), SqliteSchemaVersion());
  EXPECT_GE(SqliteSchemaVersion(), 1);
  for (const char* table :
       {"groups", "sources", "endpoints", "tokens", "receipts", "records", "logs"}) {
    EXPECT_EQ(raw.QueryInt(std::string("SELECT count(*) FROM sqlite_master WHERE type = "
                                       "'table' AND name = '") +
                           table + "'"),
              1)
        << table;
  }
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                         "tbl_name = 'records'"),
            1)
      << "the hot table keeps a single secondary index";
}

TEST(SqliteStoreOpen, ReopeningIsIdempotentAndKeepsData) {
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  std::string id;
  {
    auto store = OpenStore(options);
    Result<Endpoint> created = store->CreateEndpoint(MakeEndpoint("Customers", "CRM", "Sales"));
    ASSERT_TRUE(created.ok()) << created.status().message();
    id = created->id;
  }
  for (int i = 0; i < 2; ++i) {
    auto store = OpenStore(options);
    EXPECT_EQ(store->Info().schema_version, SqliteSchemaVersion());
    Result<Endpoint> found = store->GetEndpoint(id);
    ASSERT_TRUE(found.ok()) << found.status().message();
    EXPECT_EQ(found->name, "Customers");
  }
  RawDb raw(DatabaseFile(options));
  EXPECT_EQ(raw.QueryInt("PRAGMA user_version"), SqliteSchemaVersion());
}

TEST(SqliteStoreOpen, ConcurrentFirstOpensAllSucceed) {
  // A server and a CLI started together on a fresh directory race to create and migrate.
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  std::vector<std::string> errors(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < errors.size(); ++i) {
    threads.emplace_back([&, i] {
      Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
      if (!store.ok()) errors[i] = store.status().message();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(RawDb(DatabaseFile(options)).QueryInt("PRAGMA user_version"), SqliteSchemaVersion());
}

TEST(SqliteStoreOpen, RefusesNewerSchema) {
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  OpenStore(options).reset();
  RawDb(DatabaseFile(options)).Exec("PRAGMA user_version = 999");

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message_id(), "schema-too-new");
  EXPECT_NE(store.status().message().find("999"), std::string::npos);
  EXPECT_NE(store.status().message().find(std::to_string(SqliteSchemaVersion())),
            std::string::npos);
  // Refused without touching it.
  EXPECT_EQ(RawDb(DatabaseFile(options)).QueryInt("PRAGMA user_version"), 999);
}

TEST(SqliteStoreOpen, ReportsEffectiveDurabilitySettings) {
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  {
    auto store = OpenStore(options);
    StoreInfo info = store->Info();
    EXPECT_EQ(info.engine, "sqlite");
    EXPECT_EQ(info.journal_mode, "wal");
    EXPECT_EQ(info.synchronous, "full");
    EXPECT_EQ(info.schema_version, SqliteSchemaVersion());
    EXPECT_EQ(info.location.substr(0, 1), "/") << "an absolute path, for the start log";
    EXPECT_NE(info.location.find("/data/inlet.db"), std::string::npos);
  }
  options.synchronous = Synchronous::kNormal;
  auto store = OpenStore(options);
  EXPECT_EQ(store->Info().journal_mode, "wal");
  EXPECT_EQ(store->Info().synchronous, "normal");
  EXPECT_EQ(RawDb(DatabaseFile(options)).QueryText("PRAGMA journal_mode"), "wal");
}

TEST(SqliteStoreOpen, FailsCleanlyWhenTheDataDirCannotBeCreated) {
  TempDir dir;
  inlet::testing::WriteFile(dir.File("file"), "not a directory");
  SqliteOptions options = OptionsIn(dir);
  options.data_dir = dir.File("file/data");
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message_id(), "storage-unavailable");
}

TEST(SqliteStoreOpen, CheckWritableSucceedsAndCommits) {
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  auto store = OpenStore(options);
  Status status = store->CheckWritable();
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(store->CheckWritable().ok());
  EXPECT_EQ(RawDb(DatabaseFile(options)).QueryInt("SELECT count(*) FROM writable_probe"), 1);
}

TEST(SqliteStoreOpen, CheckWritableIsUnavailableWhileAnotherProcessHoldsTheWriteLock) {
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  options.busy_timeout_ms = 50;
  auto store = OpenStore(options);
  RawDb other(DatabaseFile(options));
  other.Exec("BEGIN IMMEDIATE");

  Status status = store->CheckWritable();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.message_id(), "storage-unavailable");
  EXPECT_NE(status.message().find("check writable"), std::string::npos) << status.message();

  // Reads go on meanwhile (WAL), and writes fail the same way rather than hang.
  EXPECT_TRUE(store->CountTokens().ok());
  Result<Endpoint> blocked = store->CreateEndpoint(MakeEndpoint("E", "S", "G"));
  EXPECT_EQ(blocked.status().message_id(), "storage-unavailable");

  other.Exec("ROLLBACK");
  EXPECT_TRUE(store->CreateEndpoint(MakeEndpoint("E", "S", "G")).ok());
  // The failed probe answers for up to a second; the next one finds the lock free.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!store->CheckWritable().ok() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(store->CheckWritable().ok());
}

TEST(SqliteError, MapsUnavailableCodesAndKeepsSqlOut) {
  Status full = SqliteError(SQLITE_FULL, "insert token");
  EXPECT_EQ(full.code(), StatusCode::kStorageFull);
  EXPECT_EQ(full.message_id(), "storage-full");
  for (int code : {SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN,
                   SQLITE_IOERR_FSYNC, SQLITE_BUSY_SNAPSHOT}) {
    Status status = SqliteError(code, "insert token");
    EXPECT_EQ(status.code(), StatusCode::kUnavailable) << code;
    EXPECT_EQ(status.message_id(), "storage-unavailable") << code;
    EXPECT_EQ(status.message().rfind("insert token: ", 0), 0u) << status.message();
  }
  for (int code : {SQLITE_CORRUPT, SQLITE_NOTADB}) {
    Status status = SqliteError(code, "read schema");
    EXPECT_EQ(status.code(), StatusCode::kInternal) << code;
    EXPECT_EQ(status.message_id(), "storage-corrupt") << code;
  }
  for (int code : {SQLITE_ERROR, SQLITE_CONSTRAINT_UNIQUE, SQLITE_MISUSE}) {
    Status status = SqliteError(code, "insert token");
    EXPECT_EQ(status.code(), StatusCode::kInternal) << code;
    EXPECT_EQ(status.message_id(), "internal-error") << code;
  }
}

}  // namespace
}  // namespace inlet::store::testing
