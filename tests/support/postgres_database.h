// A fresh, empty database in the test cluster that tests/tools/postgres_cluster.sh started
// (ctest's postgres fixture; the file named by $TESTS_POSTGRES_URL_FILE holds its URL),
// dropped again when the object goes. Each test gets its own, so tests run in parallel.
#pragma once

#include <cstdint>
#include <string>

struct pg_conn;

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

// The first column of the first row of `sql` as an integer; throws when there is none.
int64_t QueryPostgresInt(const std::string& url, const std::string& sql);

// Holds store_meta's 'record_seq' row (SELECT … FOR UPDATE in an open transaction) until
// destroyed, as another node's commit would: the server's ingestion commits wait for it
// up to store.busyTimeoutMs and then fail.
class PostgresCommitLock {
 public:
  explicit PostgresCommitLock(const std::string& url);
  ~PostgresCommitLock();
  PostgresCommitLock(const PostgresCommitLock&) = delete;
  PostgresCommitLock& operator=(const PostgresCommitLock&) = delete;

 private:
  pg_conn* connection_ = nullptr;
};

// True when the end-to-end servers run on PostgreSQL (TESTS_STORE=postgres): each on the
// persistent database of its data directory.
bool PostgresMode();

}  // namespace inlet::testing
