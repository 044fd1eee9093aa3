#include "support/postgres_database.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <stdexcept>

namespace inlet::testing {
namespace {

// The cluster ctest's fixture starts writes its URL to a file in the build tree; a run by
// hand names another with TESTS_POSTGRES_URL_FILE.
std::string ClusterUrl() {
  const char* file = std::getenv("TESTS_POSTGRES_URL_FILE");
  if (file == nullptr) file = INLET_TEST_POSTGRES_DEFAULT_URL_FILE;
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    throw std::runtime_error(
        "no PostgreSQL test cluster: ctest starts one (fixture postgres); by hand, run "
        "tests/tools/postgres_cluster.sh start DIR and set TESTS_POSTGRES_URL_FILE=DIR/url");
  }
  return url;
}

PGconn* Connect(const std::string& url) {
  PGconn* connection = PQconnectdb(url.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string why = PQerrorMessage(connection);
    PQfinish(connection);
    throw std::runtime_error("connect to the test cluster: " + why);
  }
  return connection;
}

// Runs `sql` on `connection`; its first value when it has rows; throws when it fails.
std::string Run(PGconn* connection, const std::string& sql) {
  PGresult* result = PQexec(connection, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
  std::string first = ok && PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
  std::string why = PQerrorMessage(connection);
  PQclear(result);
  if (!ok) throw std::runtime_error(sql + ": " + why);
  return first;
}

// Runs one statement on a database of the cluster.
void Administer(const std::string& url, const std::string& sql) {
  PGconn* connection = Connect(url);
  try {
    Run(connection, sql);
  } catch (...) {
    PQfinish(connection);
    throw;
  }
  PQfinish(connection);
}

std::string DatabaseUrl(const std::string& cluster_url, const std::string& name) {
  return cluster_url.substr(0, cluster_url.rfind('/') + 1) + name;
}

}  // namespace

std::string PersistentPostgresDatabase(const std::string& key) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  const std::string cluster_url = ClusterUrl();
  char name[32];
  std::snprintf(name, sizeof name, "keyed_%016zx", std::hash<std::string>()(key));
  try {
    Administer(cluster_url, std::string("CREATE DATABASE ") + name);
  } catch (const std::runtime_error& error) {
    if (std::string(error.what()).find("already exists") == std::string::npos) throw;
  }
  return DatabaseUrl(cluster_url, name);
}

void RunSql(const std::string& url, const std::string& sql) { Administer(url, sql); }

int64_t QueryPostgresInt(const std::string& url, const std::string& sql) {
  PGconn* connection = Connect(url);
  std::string value;
  try {
    value = Run(connection, sql);
  } catch (...) {
    PQfinish(connection);
    throw;
  }
  PQfinish(connection);
  if (value.empty()) throw std::runtime_error(sql + ": no value");
  return std::stoll(value);
}

PostgresCommitLock::PostgresCommitLock(const std::string& url) : connection_(Connect(url)) {
  Run(connection_, "BEGIN");
  Run(connection_, "SELECT value FROM store_meta WHERE name = 'record_seq' FOR UPDATE");
}

PostgresCommitLock::~PostgresCommitLock() { PQfinish(connection_); }

bool PostgresMode() {
  const char* store = std::getenv("TESTS_STORE");
  return store != nullptr && std::string(store) == "postgres";
}

PostgresDatabase::PostgresDatabase() : cluster_url_(ClusterUrl()) {
  std::random_device random;
  name_ = "test_" + std::to_string(random()) + "_" + std::to_string(random());
  Administer(cluster_url_, "CREATE DATABASE " + name_);
  url_ = DatabaseUrl(cluster_url_, name_);
}

PostgresDatabase::~PostgresDatabase() {
  try {
    Administer(cluster_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The cluster is stopped with the tests; a database left behind goes with it.
  }
}

}  // namespace inlet::testing
