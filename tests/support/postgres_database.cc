#include "support/postgres_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace inlet::testing {
namespace {

std::string ClusterUrl() {
  const char* file = std::getenv("INLET_TEST_POSTGRES_URL_FILE");
  std::ifstream in(file ? file : "");
  std::string url;
  if (!file || !std::getline(in, url) || url.empty()) {
    throw std::runtime_error(
        "no PostgreSQL test cluster: ctest starts one (fixture postgres); by hand, run "
        "tests/tools/postgres_cluster.sh start DIR and set INLET_TEST_POSTGRES_URL_FILE=DIR/url");
  }
  return url;
}

// Runs one statement on the cluster's maintenance database.
void Administer(const std::string& cluster_url, const std::string& sql) {
  PGconn* connection = PQconnectdb(cluster_url.c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string why = PQerrorMessage(connection);
    PQfinish(connection);
    throw std::runtime_error("connect to the test cluster: " + why);
  }
  PGresult* result = PQexec(connection, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string why = PQerrorMessage(connection);
  PQclear(result);
  PQfinish(connection);
  if (!ok) throw std::runtime_error(sql + ": " + why);
}

}  // namespace

PostgresDatabase::PostgresDatabase() : cluster_url_(ClusterUrl()) {
  std::random_device random;
  name_ = "test_" + std::to_string(random()) + "_" + std::to_string(random());
  Administer(cluster_url_, "CREATE DATABASE " + name_);
  const size_t slash = cluster_url_.rfind('/');
  url_ = cluster_url_.substr(0, slash + 1) + name_;
}

PostgresDatabase::~PostgresDatabase() {
  try {
    Administer(cluster_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The cluster is stopped with the tests; a database left behind goes with it.
  }
}

}  // namespace inlet::testing
