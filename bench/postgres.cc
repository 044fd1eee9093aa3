#include "postgres.h"

#include <libpq-fe.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "inlet/common/time.h"

namespace inlet::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Runs the cluster script; its output when it fails.
void RunScript(const std::string& action, const std::string& dir) {
  const std::string command =
      "bash '" INLET_POSTGRES_CLUSTER_SCRIPT "' " + action + " '" + dir + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  if (::pclose(pipe) != 0) {
    throw std::runtime_error("postgres_cluster.sh " + action + " failed:\n" + output);
  }
}

// An array literal of text elements ({"a","b"}), each quoted and escaped.
void AppendElement(std::string& literal, const std::string& value) {
  literal += literal.size() > 1 ? ",\"" : "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') literal += '\\';
    literal += c;
  }
  literal += '"';
}

}  // namespace

PostgresCluster::PostgresCluster(const std::string& dir, const std::string& name) : dir_(dir) {
  RunScript("start", dir);
  std::ifstream in(dir + "/url");
  std::string cluster_url;
  std::getline(in, cluster_url);
  try {
    PostgresSession(cluster_url).Run("CREATE DATABASE " + name);
  } catch (...) {
    RunScript("stop", dir_);
    throw;
  }
  url_ = cluster_url.substr(0, cluster_url.rfind('/') + 1) + name;
}

PostgresCluster::~PostgresCluster() {
  try {
    RunScript("stop", dir_);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
  }
}

PostgresSession::PostgresSession(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
  if (PQstatus(connection_) != CONNECTION_OK) {
    std::string why = PQerrorMessage(connection_);
    PQfinish(connection_);
    throw std::runtime_error("connect to " + url + ": " + why);
  }
  // Notices ("table … does not exist, skipping") are not the benchmark's output.
  PQsetNoticeProcessor(
      connection_, [](void*, const char*) {}, nullptr);
}

PostgresSession::~PostgresSession() { PQfinish(connection_); }

std::string PostgresSession::Run(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const auto& param : params) values.push_back(param.c_str());
  PGresult* result = PQexecParams(connection_, sql.c_str(), static_cast<int>(values.size()),
                                  nullptr, values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = PQresultStatus(result);
  const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  std::string first = ok && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  std::string why = PQerrorMessage(connection_);
  PQclear(result);
  if (!ok) throw std::runtime_error("postgres: " + sql.substr(0, 80) + ": " + why);
  return first;
}

CeilingResult PostgresCeiling(const std::string& url, uint32_t stream, int64_t records,
                              int64_t per_transaction) {
  PostgresSession db(url);
  db.Run("SET synchronous_commit = on");
  db.Run("DROP TABLE IF EXISTS ceiling_records");
  db.Run("CREATE TABLE ceiling_records (LIKE records INCLUDING ALL)");
  constexpr int64_t kPerStatement = 1000;  // one request's records, as inlet inserts them
  double seconds = 0;
  size_t bytes = 0;
  int64_t seq = 0;
  struct Statement {
    std::string first, row_indexes, ids, data;
  };
  std::vector<Statement> statements;
  for (int64_t first = 0; first < records; first += per_transaction) {
    const int64_t count = std::min(per_transaction, records - first);
    const int64_t now = NowUnixMillis();
    statements.clear();
    for (int64_t i = 0; i < count; i += kPerStatement) {
      Statement statement{std::to_string(seq + 1), "{", "{", "{"};
      for (int64_t j = i; j < std::min(count, i + kPerStatement); ++j) {
        const std::string record = Record({stream, first, count}, j);
        bytes += record.size();
        AppendElement(statement.row_indexes, std::to_string(j % kPerStatement));
        AppendElement(statement.ids, OrderedId(now, ++seq));
        AppendElement(statement.data, record);
      }
      statement.row_indexes += '}';
      statement.ids += '}';
      statement.data += '}';
      statements.push_back(std::move(statement));
    }
    const auto start = Clock::now();
    db.Run("BEGIN");
    for (const auto& statement : statements) {
      db.Run(
          "INSERT INTO ceiling_records (seq, endpoint_key, receipt_seq, row_index, id, "
          "received_at, data) SELECT $1::bigint + n - 1, 1, $1::bigint, r, i, $2::bigint, d "
          "FROM unnest($3::bigint[], $4::text[], $5::text[]) WITH ORDINALITY AS t (r, i, d, n)",
          {statement.first, std::to_string(now), statement.row_indexes, statement.ids,
           statement.data});
    }
    db.Run("COMMIT");
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
  }
  db.Run("DROP TABLE ceiling_records");
  CeilingResult result;
  result.records = records;
  result.records_per_s = seconds > 0 ? static_cast<double>(records) / seconds : 0;
  result.mib_per_s = seconds > 0 ? static_cast<double>(bytes) / (1 << 20) / seconds : 0;
  return result;
}

}  // namespace inlet::bench
