// Thin RAII wrappers over the SQLite C API: a connection that caches its prepared
// statements, a borrowed statement that resets itself, and a write transaction.
//
// None of these types is thread-safe. Whoever owns a Connection (the writer mutex or the
// reader pool) hands it to one thread at a time, which is why connections are opened in
// SQLite's multi-thread mode (no per-connection mutex).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "inlet/common/status.h"

namespace inlet::store {

// Maps an SQLite result code (primary or extended) to a Status. FULL (the disk is full)
// gives kStorageFull "storage-full"; codes that mean "the database cannot be reached or
// written right now" (BUSY, LOCKED, IOERR, READONLY, CANTOPEN) give kUnavailable
// "storage-unavailable"; CORRUPT and NOTADB kInternal "storage-corrupt"; everything else
// kInternal. The message is "<operation>: <SQLite's generic text for the code>"; it
// never holds SQL.
Status SqliteError(int result_code, std::string_view operation);

// A cached prepared statement borrowed from its Connection for one use. Binding indexes
// are 1-based, as in SQLite. On destruction it is reset and its bindings cleared, which
// also ends the implicit read transaction a SELECT holds: keeping a Statement alive
// longer than needed would hide other processes' commits from this connection.
class Statement {
 public:
  // `operation` names what the caller is doing, for error messages; it must outlive the
  // Statement (a string literal). `borrowed` is the cache's in-use flag, cleared on
  // destruction.
  Statement(sqlite3_stmt* stmt, bool* borrowed, const char* operation)
      : stmt_(stmt), borrowed_(borrowed), operation_(operation) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // A failed bind is remembered and reported by the next Step() or Run().
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::optional<int64_t>& value);  // nullopt binds NULL
  Statement& BindBlob(int index, const void* data, size_t size);
  Statement& BindNull(int index);

  // Advances one row: true when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Steps until done, for statements that return no rows (or whose rows are ignored),
  // then resets the statement so it can be bound and run again.
  Status Run();

  // Column readers for the current row; 0-based, as in SQLite. NULL reads as 0 / "".
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int64_t Int(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;
  std::string Text(int column) const;
  std::string_view Blob(int column) const;  // valid until the next Step or reset

 private:
  void NoteBind(int rc);

  sqlite3_stmt* stmt_;
  bool* borrowed_;
  const char* operation_;
  int bind_rc_ = SQLITE_OK;
};

// One open sqlite3 connection with extended result codes, a busy timeout and a cache of
// prepared statements keyed by their SQL text (the statements live as long as the
// connection, so the SQL is parsed once per connection, not once per call).
class Connection {
 public:
  // Opens (creating when `create` is set) the database file at `path`.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL without parameters (pragmas, DDL, BEGIN/COMMIT). Only for SQL written in
  // this module: user values always go through Prepare() and Bind().
  Status Exec(const char* sql, const char* operation);

  // The cached statement for `sql`, prepared on first use. `sql` must be one statement.
  // A statement cannot be borrowed twice at once; doing so is a bug and gives kInternal.
  Result<Statement> Prepare(std::string_view sql, const char* operation);

  // The value of a pragma that answers one row with one column, as text.
  Result<std::string> PragmaText(const char* sql, const char* operation);

  // Rows inserted, updated or deleted by the last finished statement on this connection.
  int64_t Changes() { return sqlite3_changes64(db_); }
  // The rowid of the last row inserted on this connection.
  int64_t LastInsertRowid() { return sqlite3_last_insert_rowid(db_); }
  // False once a transaction has ended, including when SQLite rolled it back by itself:
  // it does so on some failures of a statement (FULL, IOERR, NOMEM, ...), and then the
  // statements that follow run in autocommit mode, each committing on its own.
  bool InTransaction() { return sqlite3_get_autocommit(db_) == 0; }

  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool borrowed = false;
  };

  sqlite3* db_;
  std::map<std::string, Cached, std::less<>> statements_;  // std::map: stable addresses
};

// A write transaction on the writer connection. BEGIN IMMEDIATE takes the database's
// write lock up front, so that a transaction which reads before it writes waits for
// another process's writer (up to the busy timeout) instead of failing with BUSY
// half-way. Rolled back on destruction unless committed.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& db) : db_(db) {}
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  Status Begin(const char* operation);
  Status Commit(const char* operation);

 private:
  Connection& db_;
  bool open_ = false;
};

}  // namespace inlet::store
