// This node's leases on its jobs (private to the store module; SPEC §12). Every job a node
// queues or runs carries the node's name and a lease end; a thread renews the leases a
// few times per lease period while the node lives. A job whose lease ran out belongs to
// a dead (or stopped) node, and another node takes it over. Lease times are the database
// server's clock, so nodes' clocks need not agree.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/pg_pool.h"

namespace inlet::store {

// The database's time in ms since the epoch, for SQL that sets or compares leases.
#define INLET_PG_NOW_MS "(extract(epoch from clock_timestamp()) * 1000)::bigint"

class PgJobLeases {
 public:
  PgJobLeases(std::shared_ptr<PgPool> pool, std::string node, int64_t lease_ms);
  ~PgJobLeases();  // stops renewing (the leases then run out unless Release ended them)
  PgJobLeases(const PgJobLeases&) = delete;
  PgJobLeases& operator=(const PgJobLeases&) = delete;

  const std::string& node() const { return node_; }
  int64_t lease_ms() const { return lease_ms_; }
  // Ends this node's leases now, and renews them no more.
  Status Release();

 private:
  void RenewLoop();

  std::shared_ptr<PgPool> pool_;
  const std::string node_;
  const int64_t lease_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace inlet::store
