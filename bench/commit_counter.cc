#include "commit_counter.h"

#include <sqlite3.h>

#include <chrono>

namespace inlet::bench {

CommitCounter::CommitCounter(const std::string& database_path)
    : thread_([this, database_path] { Poll(database_path); }) {}

CommitCounter::~CommitCounter() { Stop(); }

int64_t CommitCounter::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  return commits_;
}

void CommitCounter::Poll(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &stmt, nullptr) != SQLITE_OK) {
    commits_ = -1;
    sqlite3_close(db);
    return;
  }
  int64_t last = -1;
  while (!stop_) {
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const int64_t version = sqlite3_column_int64(stmt, 0);
      if (last >= 0 && version != last) ++commits_;
      last = version;
    }
    sqlite3_reset(stmt);
    // A commit of 1,000 records takes milliseconds; polling 4,000 times a second sees
    // nearly every one and costs the server's cores little.
    std::this_thread::sleep_for(std::chrono::microseconds(250));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace inlet::bench
