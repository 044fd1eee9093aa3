#include "support/database.h"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

namespace inlet::testing {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Db Open(const std::string& db_path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    throw std::runtime_error("cannot open " + db_path + ": " +
                             (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  // The server may hold the write lock for a moment.
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

}  // namespace

std::string DatabasePath(const std::string& data_dir) { return data_dir + "/inlet.db"; }

void ExecSql(const std::string& db_path, const std::string& sql) {
  Db db = Open(db_path);
  char* error = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("SQL failed: " + sql + ": " + message);
  }
}

int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  Db db = Open(db_path);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error("SQL failed: " + sql + ": " + sqlite3_errmsg(db.get()));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
  if (sqlite3_step(raw) != SQLITE_ROW) throw std::runtime_error("no row: " + sql);
  return sqlite3_column_int64(raw, 0);
}

WriteLock::WriteLock(const std::string& db_path) {
  Db db = Open(db_path);
  char* error = nullptr;
  if (sqlite3_exec(db.get(), "BEGIN IMMEDIATE", nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("cannot take the write lock of " + db_path + ": " + message);
  }
  db_ = db.release();
}

WriteLock::~WriteLock() {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db_);
}

}  // namespace inlet::testing
