// Direct access to a server's SQLite database, for the few end-to-end tests that must set
// up a state the API cannot make (an expired token) or check that nothing was written.
// The server keeps the database in WAL mode, so a second connection may read and write
// while it runs.
#pragma once

#include <cstdint>
#include <string>

struct sqlite3;

namespace inlet::testing {

// "<data dir>/inlet.db".
std::string DatabasePath(const std::string& data_dir);

// Runs one or more statements; throws with SQLite's message when one fails.
void ExecSql(const std::string& db_path, const std::string& sql);

// The first column of the first row of `sql` as an integer; throws when there is none.
int64_t QueryInt(const std::string& db_path, const std::string& sql);

// Holds the database's write lock (BEGIN IMMEDIATE on a connection of its own) until
// destroyed, as another process writing would: the server's writes wait for it up to
// store.busyTimeoutMs and then fail. Throws when the lock cannot be taken.
class WriteLock {
 public:
  explicit WriteLock(const std::string& db_path);
  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace inlet::testing
