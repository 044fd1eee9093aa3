// PostgreSQL for scenario 12: a throwaway cluster of the benchmark's own (started with
// tests/tools/postgres_cluster.sh, as the tests start theirs), and ceiling (c), what raw
// libpq inserts of the same rows reach on this machine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ceilings.h"

struct pg_conn;

namespace inlet::bench {

class PostgresCluster {
 public:
  // Starts a cluster whose state lives in `dir` and creates the database `name`; throws
  // with the script's output when it does not start.
  PostgresCluster(const std::string& dir, const std::string& name);
  ~PostgresCluster();  // stops the cluster
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  const std::string& url() const { return url_; }  // of the database `name`

 private:
  std::string dir_;
  std::string url_;
};

// One connection to a database, for the benchmark's own statements.
class PostgresSession {
 public:
  explicit PostgresSession(const std::string& url);
  ~PostgresSession();
  PostgresSession(const PostgresSession&) = delete;
  PostgresSession& operator=(const PostgresSession&) = delete;

  // Runs `sql` (no parameters, or `params` as $1, $2, … in text); its first value ("" when
  // it returns no row). Throws with PostgreSQL's message when it fails.
  std::string Run(const std::string& sql, const std::vector<std::string>& params = {});

 private:
  pg_conn* connection_ = nullptr;
};

// (c) Inserts `records` records of `stream` into a copy of inlet's records table (its
// columns and every index) in `url`'s database, committing every
// `per_transaction` records with synchronous_commit on, one multi-row INSERT per 1,000
// records as inlet's commit sends them. Only the inserts and commits are timed.
CeilingResult PostgresCeiling(const std::string& url, uint32_t stream, int64_t records,
                              int64_t per_transaction);

}  // namespace inlet::bench
