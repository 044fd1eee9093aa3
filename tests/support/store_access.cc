#include "support/store_access.h"

#include <filesystem>
#include <optional>

#include "support/database.h"
#include "support/postgres_database.h"

namespace inlet::testing {

int64_t QueryStoreInt(const ServerProcess& server, const std::string& sql) {
  if (!server.postgres_url().empty()) return QueryPostgresInt(server.postgres_url(), sql);
  return QueryInt(DatabasePath(server.data_dir()), sql);
}

void ExecStoreSql(const std::string& data_dir, const std::string& sql) {
  if (!PostgresMode()) return ExecSql(DatabasePath(data_dir), sql);
  RunSql(PersistentPostgresDatabase(std::filesystem::absolute(data_dir).string()), sql);
}

struct StoreCommitLock::Held {
  std::optional<WriteLock> sqlite;
  std::optional<PostgresCommitLock> postgres;
};

StoreCommitLock::StoreCommitLock(const ServerProcess& server) : held_(std::make_unique<Held>()) {
  if (server.postgres_url().empty()) {
    held_->sqlite.emplace(DatabasePath(server.data_dir()));
  } else {
    held_->postgres.emplace(server.postgres_url());
  }
}

StoreCommitLock::~StoreCommitLock() = default;

}  // namespace inlet::testing
