// A fresh, empty database in the test cluster that tests/tools/postgres_cluster.sh started
// (ctest's postgres fixture; the file named by $INLET_TEST_POSTGRES_URL_FILE holds its URL),
// dropped again when the object goes. Each test gets its own, so tests run in parallel.
#pragma once

#include <string>

namespace inlet::testing {

class PostgresDatabase {
 public:
  // Throws std::runtime_error, saying how to start a cluster, when there is none.
  PostgresDatabase();
  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  // A libpq URI of this database.
  const std::string& url() const { return url_; }

 private:
  std::string cluster_url_;  // of the cluster's maintenance database
  std::string name_;
  std::string url_;
};

// The URL of the test cluster's database named after `key`, created on first use and
// never dropped (the cluster goes with the tests): a server restarted on the same data
// directory finds its data again, and nodes given the same key share one database.
std::string PersistentPostgresDatabase(const std::string& key);

// Runs one statement (not a query) on the database of `url`; throws when it fails.
void RunSql(const std::string& url, const std::string& sql);

// True when the end-to-end servers run on PostgreSQL (TESTS_STORE=postgres): each on the
// persistent database of its data directory.
bool PostgresMode();

}  // namespace inlet::testing
