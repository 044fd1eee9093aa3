#include "store/pg_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "inlet/common/utf8.h"

namespace inlet::store {
namespace {

std::string FirstLine(std::string_view text) {
  const size_t end = text.find('\n');
  return std::string(end == std::string_view::npos ? text : text.substr(0, end));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Status PgError(std::string_view sqlstate, std::string_view primary_message,
               std::string_view operation) {
  std::string message = std::string(operation) + ": " + FirstLine(primary_message);
  if (sqlstate == "23505") return Status::Conflict("already-exists", std::move(message));
  if (sqlstate == "53100") {
    return Status(StatusCode::kStorageFull, "storage-full", std::move(message));
  }
  if (sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03" || sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "53300" ||
      sqlstate == "55P03" || sqlstate.empty()) {
    // An empty SQLSTATE: libpq failed before the server answered (the connection is gone).
    return Status::Unavailable("storage-unavailable", std::move(message));
  }
  return Status::Internal(std::move(message));
}

namespace {

// Ok for a statement that ran; else its error as PgError words it.
Status Outcome(PGconn* connection, const PGresult* raw, std::string_view operation) {
  const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::Ok();
  const char* sqlstate = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = raw ? PQresultErrorField(raw, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  return PgError(sqlstate ? sqlstate : "", primary ? primary : PQerrorMessage(connection),
                 operation);
}

}  // namespace

void PgResult::Clear::operator()(PGresult* result) const { PQclear(result); }

int PgResult::Rows() const { return PQntuples(result_.get()); }

bool PgResult::IsNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

int64_t PgResult::Int(int row, int column) const { return OptionalInt(row, column).value_or(0); }

std::optional<int64_t> PgResult::OptionalInt(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  const char* text = PQgetvalue(result_.get(), row, column);
  const char* end = text + PQgetlength(result_.get(), row, column);
  int64_t value = 0;
  std::from_chars(text, end, value);
  return value;
}

std::string PgResult::Bytes(int row, int column) const {
  std::string text = Text(row, column);
  std::string bytes;
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return bytes;
  bytes.reserve((text.size() - 2) / 2);
  for (size_t i = 2; i + 1 < text.size(); i += 2) {
    const int high = HexValue(text[i]);
    const int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) return {};
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

int64_t PgResult::Affected() const {
  const char* affected = PQcmdTuples(result_.get());
  int64_t value = 0;
  std::from_chars(affected, affected + std::char_traits<char>::length(affected), value);
  return value;
}

std::string PgResult::CommandTag() const {
  const char* tag = PQcmdStatus(result_.get());
  return tag == nullptr ? std::string() : std::string(tag);
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url,
                                                         int lock_timeout_ms) {
  PGconn* connection = PQconnectdb(url.c_str());
  if (connection == nullptr) {
    return Status::Unavailable("storage-unavailable", "connect to PostgreSQL: out of memory");
  }
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string host = PQhost(connection) ? PQhost(connection) : "";
    std::string port = PQport(connection) ? PQport(connection) : "";
    std::string why = FirstLine(PQerrorMessage(connection));
    PQfinish(connection);
    return Status::Unavailable("storage-unavailable",
                               "connect to PostgreSQL at " + host + ":" + port + ": " + why);
  }
  // Every timestamp inlet keeps is milliseconds since the epoch in a bigint, so the
  // session's time zone never matters; notices (which libpq prints to stderr) are not
  // wanted in a server's output.
  PQsetNoticeProcessor(
      connection, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgConnection> opened(new PgConnection(connection));
  if (lock_timeout_ms > 0) {
    INLET_RETURN_IF_ERROR(opened->Run("SELECT set_config('lock_timeout', $1, false)",
                                      {std::to_string(lock_timeout_ms)}, "set lock timeout"));
  }
  return opened;
}

PgConnection::~PgConnection() { PQfinish(connection_); }

bool PgConnection::Healthy() const { return PQstatus(connection_) == CONNECTION_OK; }

Result<PgResult> PgConnection::Query(std::string_view sql, const std::vector<PgParam>& params,
                                     std::string_view operation) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  values.reserve(params.size());
  for (const PgParam& param : params) {
    // libpq sends text parameters as C strings (a NUL would cut one short, silently), and
    // the server refuses text that is not UTF-8.
    if (!param.binary() && param.value() && !IsCleanUtf8(*param.value())) {
      return Status::InvalidArgument(
          "invalid-text", std::string(operation) + ": a value is not UTF-8 text without NUL bytes");
    }
    values.push_back(param.value() ? param.value()->data() : nullptr);
    lengths.push_back(param.value() ? static_cast<int>(param.value()->size()) : 0);
    formats.push_back(param.binary() ? 1 : 0);
  }
  const std::string text(sql);
  const int count = static_cast<int>(params.size());
  INLET_ASSIGN_OR_RETURN(const std::string* name, PreparedName(text, count, operation));
  PGresult* raw = name != nullptr ? PQexecPrepared(connection_, name->c_str(), count, values.data(),
                                                   lengths.data(), formats.data(), 0)
                                  : PQexecParams(connection_, text.c_str(), count, nullptr,
                                                 values.data(), lengths.data(), formats.data(), 0);
  PgResult result(raw);
  INLET_RETURN_IF_ERROR(Outcome(connection_, raw, operation));
  return result;
}

Result<const std::string*> PgConnection::PreparedName(const std::string& text, int param_count,
                                                      std::string_view operation) {
  if (auto found = prepared_.find(text); found != prepared_.end()) return &found->second;
  // Transaction control and settings are run as they are.
  static constexpr std::string_view kPreparable[] = {"SELECT", "INSERT", "UPDATE", "DELETE",
                                                     "WITH"};
  const bool preparable =
      std::any_of(std::begin(kPreparable), std::end(kPreparable),
                  [&](std::string_view verb) { return text.starts_with(verb); });
  if (!preparable || prepared_.size() >= kMaxPrepared) return nullptr;
  std::string name = "inlet_" + std::to_string(prepared_.size());
  PGresult* raw = PQprepare(connection_, name.c_str(), text.c_str(), param_count, nullptr);
  PgResult result(raw);
  INLET_RETURN_IF_ERROR(Outcome(connection_, raw, operation));
  return &prepared_.emplace(text, std::move(name)).first->second;
}

Status PgConnection::RunScript(std::string_view sql, std::string_view operation) {
  const std::string text(sql);
  PGresult* raw = PQexec(connection_, text.c_str());
  PgResult result(raw);
  return Outcome(connection_, raw, operation);
}

Status PgConnection::Run(std::string_view sql, const std::vector<PgParam>& params,
                         std::string_view operation) {
  return Query(sql, params, operation).status();
}

Result<PgTransaction> PgTransaction::Begin(PgConnection& connection, std::string_view operation) {
  INLET_RETURN_IF_ERROR(connection.Run("BEGIN", {}, operation));
  return PgTransaction(&connection, operation);
}

PgTransaction::PgTransaction(PgTransaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)),
      operation_(std::move(other.operation_)) {}

Status PgTransaction::Commit() {
  PgConnection* connection = std::exchange(connection_, nullptr);
  // A failed COMMIT has already ended the transaction on the server.
  INLET_ASSIGN_OR_RETURN(PgResult committed, connection->Query("COMMIT", {}, operation_));
  if (committed.CommandTag() != "COMMIT") {
    return Status::Internal(operation_ + ": the transaction was rolled back, not committed");
  }
  return Status::Ok();
}

PgTransaction::~PgTransaction() {
  if (connection_ != nullptr) (void)connection_->Run("ROLLBACK", {}, operation_);
}

}  // namespace inlet::store
