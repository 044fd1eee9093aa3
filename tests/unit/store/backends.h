// The store backends a contract test runs against (SPEC §12: one test source, both
// backends): each test gets a fresh, empty database, SQLite in a temporary directory or
// PostgreSQL as a new database of the test cluster. Stores opened on one BackendDatabase
// share it, as two nodes (or a server and the CLI) do.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "inlet/store/postgres_store.h"
#include "inlet/store/search_index.h"
#include "store/pg_endpoint_store.h"
#include "store/pg_pool.h"
#include "store/pg_schema.h"
#include "store/pg_token_store.h"
#include "store_test_util.h"
#include "support/postgres_database.h"

namespace inlet::store::testing {

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

class BackendDatabase {
 public:
  explicit BackendDatabase(Backend backend) : backend_(backend) {
    if (backend == Backend::kPostgres) postgres_.emplace();
  }

  // The whole store (a node of the PostgreSQL backend, with a pool of two connections).
  std::unique_ptr<Store> OpenStore() {
    if (backend_ == Backend::kSqlite) return testing::OpenStore(OptionsIn(dir_));
    PostgresOptions options;
    options.url = postgres_->url();
    options.pool_size = 2;
    auto opened = OpenPostgresStore(options);
    if (!opened.ok()) throw std::runtime_error(opened.status().message());
    postgres_search_ = std::move(opened->search);
    return std::move(opened->store);
  }

  // Preview search over `store`, the last OpenStore() gave (SQLite: a follower polling
  // every 10 ms).
  std::unique_ptr<SearchIndex> OpenSearch(Store& store) {
    if (backend_ == Backend::kPostgres) return std::move(postgres_search_);
    auto index = SearchIndex::Open(OptionsIn(dir_).data_dir, store, /*poll_ms=*/10);
    if (!index.ok()) throw std::runtime_error(index.status().message());
    return std::move(*index);
  }

  std::unique_ptr<TokenStore> OpenTokenStore() {
    if (backend_ == Backend::kSqlite) return testing::OpenStore(OptionsIn(dir_));
    return std::make_unique<PgTokenStore>(OpenPool());
  }

  std::unique_ptr<EndpointStore> OpenEndpointStore() {
    if (backend_ == Backend::kSqlite) return testing::OpenStore(OptionsIn(dir_));
    return std::make_unique<PgEndpointStore>(OpenPool());
  }

  // Runs `sql`, valid on both engines, behind the store's back (to set up a state no
  // store method makes, as another process could).
  void Exec(const std::string& sql) {
    if (backend_ == Backend::kSqlite) return RawDb(DatabaseFile(OptionsIn(dir_))).Exec(sql);
    auto connection = PgConnection::Open(postgres_->url());
    if (!connection.ok()) throw std::runtime_error(connection.status().message());
    Status ran = (*connection)->Run(sql, {}, "exec");
    if (!ran.ok()) throw std::runtime_error(ran.message());
  }

 private:
  // A pool of two connections on the database, its schema migrated; throws on failure.
  std::shared_ptr<PgPool> OpenPool() {
    auto pool = PgPool::Open(postgres_->url(), 2);
    if (!pool.ok()) throw std::runtime_error(pool.status().message());
    std::shared_ptr<PgPool> shared = std::move(*pool);
    auto lease = shared->Acquire();
    if (!lease.ok()) throw std::runtime_error(lease.status().message());
    auto migrated = MigratePostgres(**lease);
    if (!migrated.ok()) throw std::runtime_error(migrated.status().message());
    return shared;
  }

  Backend backend_;
  inlet::testing::TempDir dir_;
  std::optional<inlet::testing::PostgresDatabase> postgres_;
  std::unique_ptr<SearchIndex> postgres_search_;
};

}  // namespace inlet::store::testing
