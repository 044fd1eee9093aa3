// Thin RAII wrappers over libpq, PostgreSQL's C client: a connection, a query's result,
// and a transaction. Parameters travel as text ($1, $2, …) or binary (bytea), so no value
// is ever spliced into SQL.
//
// None of these types is thread-safe: whoever owns a PgConnection (a pool) hands it to one
// thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "inlet/common/status.h"

// libpq's handles, declared as libpq-fe.h does, so that only the store's own files see
// libpq's header.
typedef struct pg_conn PGconn;      // NOLINT(modernize-use-using): libpq's own spelling
typedef struct pg_result PGresult;  // NOLINT(modernize-use-using)

namespace inlet::store {

// One parameter of a query: text (numbers as their decimal text), NULL, or bytes sent as
// binary (a bytea column).
class PgParam {
 public:
  PgParam(std::string_view text) : value_(text) {}    // NOLINT: a parameter list reads best
  PgParam(const std::string& text) : value_(text) {}  // NOLINT
  PgParam(const char* text) : value_(text) {}         // NOLINT
  PgParam(int64_t number) : value_(std::to_string(number)) {}  // NOLINT
  PgParam(const std::optional<int64_t>& number)                // NOLINT: nullopt is NULL
      : value_(number ? std::optional<std::string>(std::to_string(*number)) : std::nullopt) {}
  static PgParam Null() { return PgParam(); }
  static PgParam Bytes(const void* data, size_t size) {
    PgParam param(std::string_view(static_cast<const char*>(data), size));
    param.binary_ = true;
    return param;
  }

  const std::optional<std::string>& value() const { return value_; }
  bool binary() const { return binary_; }

 private:
  PgParam() = default;
  std::optional<std::string> value_;
  bool binary_ = false;
};

// A query's rows. Columns are 0-based; values are read from their text form (bytea from
// its hex form), NULL reads as 0 / "" unless asked for as optional.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}

  int Rows() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  int64_t Int(int row, int column) const;
  std::optional<int64_t> OptionalInt(int row, int column) const;
  // A bytea column (selected as is: PostgreSQL sends it as \x followed by hex digits).
  std::string Bytes(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  int64_t Affected() const;
  // The command tag the server answered ("COMMIT"; "ROLLBACK" for a COMMIT of a failed
  // transaction, which PostgreSQL does not report as an error).
  std::string CommandTag() const;

 private:
  struct Clear {
    void operator()(PGresult* result) const;
  };
  std::unique_ptr<PGresult, Clear> result_;
};

// One row of a PgResult, read by column like SQLite's Statement (row_readers.h).
class PgRow {
 public:
  PgRow(const PgResult& result, int row) : result_(result), row_(row) {}
  int64_t Int(int column) const { return result_.Int(row_, column); }
  std::optional<int64_t> OptionalInt(int column) const { return result_.OptionalInt(row_, column); }
  std::string Text(int column) const { return result_.Text(row_, column); }
  std::string Blob(int column) const { return result_.Bytes(row_, column); }
  bool IsNull(int column) const { return result_.IsNull(row_, column); }

 private:
  const PgResult& result_;
  int row_;
};

// Maps a failed query to a Status by its SQLSTATE: unique_violation (23505) is kConflict
// "already-exists"; a lost or refused connection (class 08, 57P01–57P03), a serialization
// failure or deadlock (40001, 40P01), a lock wait past the lock timeout (55P03) and too
// many connections (53300) are kUnavailable
// "storage-unavailable"; disk full (53100) is kStorageFull "storage-full"; everything else
// kInternal. The message is "<operation>: <PostgreSQL's primary message>"; it never holds
// SQL or parameter values.
Status PgError(std::string_view sqlstate, std::string_view primary_message,
               std::string_view operation);

class PgConnection {
 public:
  // Connects with a libpq connection URI or key=value string; the password may also come
  // from PGPASSWORD or ~/.pgpass, as libpq reads them. kUnavailable when the server
  // cannot be reached or refuses; the message names the host, never the password.
  // `lock_timeout_ms` > 0: a statement that waits longer for a lock another connection
  // holds fails (kUnavailable), as SQLite's busy timeout does, rather than waiting forever.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url,
                                                    int lock_timeout_ms = 0);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with `params` as $1, $2, …; `operation` names what the caller is
  // doing, for error messages. A SELECT, INSERT, UPDATE, DELETE or WITH is prepared on
  // this connection the first time its text is run (up to kMaxPrepared texts), so the
  // server parses and plans it once rather than on every call.
  Result<PgResult> Query(std::string_view sql, const std::vector<PgParam>& params,
                         std::string_view operation);
  // Query, for statements whose rows are not read.
  Status Run(std::string_view sql, const std::vector<PgParam>& params, std::string_view operation);
  // Runs `sql`, which may hold several statements and no parameters (a migration).
  Status RunScript(std::string_view sql, std::string_view operation);
  // False once the connection is lost: a pool drops it instead of handing it out again.
  bool Healthy() const;

 private:
  static constexpr size_t kMaxPrepared = 256;

  explicit PgConnection(PGconn* connection) : connection_(connection) {}
  // The name `text` is prepared under, preparing it first when it may be; nullptr for a
  // statement run unprepared. A failed PREPARE is the statement's failure.
  Result<const std::string*> PreparedName(const std::string& text, int param_count,
                                          std::string_view operation);

  PGconn* connection_;
  std::unordered_map<std::string, std::string> prepared_;  // statement text -> name
};

// BEGIN on construction; ROLLBACK on destruction unless Commit() succeeded. Commit() fails
// when the server rolled the transaction back instead (a statement in it had failed).
class PgTransaction {
 public:
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;
  ~PgTransaction();

  static Result<PgTransaction> Begin(PgConnection& connection, std::string_view operation);
  Status Commit();
  PgTransaction(PgTransaction&& other) noexcept;
  PgTransaction& operator=(PgTransaction&&) = delete;

 private:
  PgTransaction(PgConnection* connection, std::string_view operation)
      : connection_(connection), operation_(operation) {}
  PgConnection* connection_;
  std::string operation_;
};

}  // namespace inlet::store
