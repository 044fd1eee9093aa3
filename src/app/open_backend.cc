// The composition root's choice of store backend (SPEC §12).
#include <filesystem>

#include "app/app_parts.h"
#include "inlet/store/postgres_store.h"
#include "inlet/store/sqlite_store.h"

namespace inlet::app {
namespace {

Result<Backend> OpenSqlite(const config::Config& config, bool with_search) {
  store::SqliteOptions options;
  options.data_dir = config.store.data_dir;
  options.synchronous = config.store.synchronous == "normal" ? store::Synchronous::kNormal
                                                             : store::Synchronous::kFull;
  options.busy_timeout_ms = config.store.busy_timeout_ms;
  options.change_feed = config.retention.changes_days > 0;
  Backend backend;
  INLET_ASSIGN_OR_RETURN(backend.store, store::OpenSqliteStore(options));
  if (with_search) {
    auto search = store::SearchIndex::Open(config.store.data_dir, *backend.store);
    if (!search.ok()) return search.status().WithContext("open the search index");
    backend.search = std::move(*search);
  }
  return backend;
}

// With PostgreSQL the data directory holds only the first admin token's file; private
// from the moment it exists, as the SQLite store makes it.
Status CreatePrivateDir(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return Status::Ok();
  std::filesystem::create_directories(dir, ec);
  if (!ec) {
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  if (ec) return Status::Unavailable("storage-unavailable", "create " + dir + ": " + ec.message());
  return Status::Ok();
}

Result<Backend> OpenPostgres(const config::Config& config) {
  INLET_RETURN_IF_ERROR(CreatePrivateDir(config.store.data_dir));
  store::PostgresOptions options;
  options.url = config.store.postgres_url;
  options.pool_size = config.store.pool_size;
  options.change_feed = config.retention.changes_days > 0;
  options.lease_ms = config.processing.lease_ms;
  options.lock_timeout_ms = config.store.busy_timeout_ms;
  INLET_ASSIGN_OR_RETURN(store::PostgresBackend opened, store::OpenPostgresStore(options));
  return Backend{std::move(opened.store), std::move(opened.search)};
}

}  // namespace

Result<Backend> OpenBackend(const config::Config& config, bool with_search) {
  if (config.store.backend == "postgres") return OpenPostgres(config);
  return OpenSqlite(config, with_search);
}

std::string BackendLocation(const config::Config& config) {
  if (config.store.backend == "postgres") return "PostgreSQL";
  return config.store.data_dir;
}

}  // namespace inlet::app
