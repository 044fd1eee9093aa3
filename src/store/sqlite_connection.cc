#include "store/sqlite_connection.h"

#include <utility>

namespace inlet::store {

Status SqliteError(int result_code, std::string_view operation) {
  // sqlite3_errstr gives the generic text of a code. sqlite3_errmsg would be more
  // specific but can quote SQL ("near \"x\": syntax error"), which must not leak.
  std::string message = std::string(operation) + ": " + sqlite3_errstr(result_code) +
                        " (sqlite code " + std::to_string(result_code) + ")";
  switch (result_code & 0xff) {
    case SQLITE_FULL:
      return Status(StatusCode::kStorageFull, "storage-full", std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status(StatusCode::kInternal, "storage-corrupt", std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return Status::Unavailable("storage-unavailable", std::move(message));
    default:
      return Status::Internal(std::move(message));
  }
}

// --- Statement ---

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *borrowed_ = false;
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      borrowed_(other.borrowed_),
      operation_(other.operation_),
      bind_rc_(other.bind_rc_) {}

void Statement::NoteBind(int rc) {
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

Statement& Statement::Bind(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  NoteBind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindBlob(int index, const void* data, size_t size) {
  NoteBind(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::BindNull(int index) {
  NoteBind(sqlite3_bind_null(stmt_, index));
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteError(bind_rc_, operation_);
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, operation_);
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok() || !*row) {
      // Reset so the same borrowed statement can be bound and run again (bulk inserts).
      sqlite3_reset(stmt_);
      bind_rc_ = SQLITE_OK;
      return row.ok() ? Status::Ok() : row.status();
    }
  }
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<int64_t> Statement::OptionalInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  return std::string_view(static_cast<const char*>(data),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

// --- Connection ---

namespace {

// Before SQLite initializes: without memory statistics, allocations take no global
// mutex, which the writer, the readers and the search index otherwise all contend for.
// (Too late when something in the process used SQLite first; then it stays on.)
void ConfigureSqliteOnce() {
  static const bool configured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)configured;
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create,
                                                     int busy_timeout_ms) {
  ConfigureSqliteOnce();
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close(db);  // a handle comes back even on failure (or null, which is fine)
    return SqliteError(rc, "open database " + path);
  }
  // Extended codes tell SQLITE_IOERR_FSYNC from SQLITE_IOERR_WRITE in messages.
  sqlite3_extended_result_codes(db, 1);
  rc = sqlite3_busy_timeout(db, busy_timeout_ms);
  if (rc != SQLITE_OK) {
    sqlite3_close(db);
    return SqliteError(rc, "set busy timeout");
  }
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.stmt);
  // The last connection to close checkpoints the WAL; a failure here has nowhere to go.
  sqlite3_close(db_);
}

Status Connection::Exec(const char* sql, const char* operation) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, operation);
  return Status::Ok();
}

Result<Statement> Connection::Prepare(std::string_view sql, const char* operation) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return SqliteError(rc, operation);
    }
    it = statements_.emplace(std::string(sql), Cached{stmt, false}).first;
  }
  if (it->second.borrowed) {
    return Status::Internal(std::string(operation) + ": statement already in use");
  }
  it->second.borrowed = true;
  return Statement(it->second.stmt, &it->second.borrowed, operation);
}

Result<std::string> Connection::PragmaText(const char* sql, const char* operation) {
  INLET_ASSIGN_OR_RETURN(auto stmt, Prepare(sql, operation));
  INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
  if (!row) return Status::Internal(std::string(operation) + ": no value returned");
  return stmt.Text(0);
}

// --- WriteTransaction ---

WriteTransaction::~WriteTransaction() {
  // A failed COMMIT can leave the transaction open; autocommit tells whether it is.
  if (open_ && sqlite3_get_autocommit(db_.handle()) == 0) {
    (void)db_.Exec("ROLLBACK", "roll back");
  }
}

Status WriteTransaction::Begin(const char* operation) {
  INLET_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE", operation));
  open_ = true;
  return Status::Ok();
}

Status WriteTransaction::Commit(const char* operation) {
  INLET_RETURN_IF_ERROR(db_.Exec("COMMIT", operation));
  open_ = false;
  return Status::Ok();
}

}  // namespace inlet::store
