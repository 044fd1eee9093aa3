#include "store/pg_pool.h"

#include <algorithm>

namespace inlet::store {

Result<std::unique_ptr<PgPool>> PgPool::Open(const std::string& url, int size,
                                             std::chrono::milliseconds max_wait,
                                             int lock_timeout_ms) {
  std::vector<std::unique_ptr<PgConnection>> connections;
  for (int i = 0; i < std::max(size, 1); ++i) {
    INLET_ASSIGN_OR_RETURN(auto connection, PgConnection::Open(url, lock_timeout_ms));
    connections.push_back(std::move(connection));
  }
  return std::unique_ptr<PgPool>(
      new PgPool(url, std::move(connections), max_wait, lock_timeout_ms));
}

Result<PgPool::Lease> PgPool::Acquire() {
  std::unique_ptr<PgConnection> connection;
  {
    std::unique_lock lock(mutex_);
    if (!returned_.wait_for(lock, max_wait_, [this] { return !idle_.empty(); })) {
      return Status::Unavailable(
          "storage-unavailable",
          "no PostgreSQL connection came free within " + std::to_string(max_wait_.count()) + " ms");
    }
    connection = std::move(idle_.back());
    idle_.pop_back();
  }
  if (!connection->Healthy()) {
    Result<std::unique_ptr<PgConnection>> fresh = PgConnection::Open(url_, lock_timeout_ms_);
    if (!fresh.ok()) {
      // The broken one goes back, so the pool keeps its size and the next lending retries.
      Return(std::move(connection));
      return fresh.status();
    }
    connection = std::move(*fresh);
  }
  return Lease(this, std::move(connection));
}

void PgPool::Return(std::unique_ptr<PgConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  returned_.notify_one();
}

}  // namespace inlet::store
