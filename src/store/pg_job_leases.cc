#include "store/pg_job_leases.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace inlet::store {

PgJobLeases::PgJobLeases(std::shared_ptr<PgPool> pool, std::string node, int64_t lease_ms)
    : pool_(std::move(pool)),
      node_(std::move(node)),
      lease_ms_(lease_ms),
      thread_([this] { RenewLoop(); }) {}

PgJobLeases::~PgJobLeases() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Status PgJobLeases::Release() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
  return db->Run(
      "UPDATE jobs SET lease_until = 0 WHERE node = $1 AND state IN ('queued', 'running')", {node_},
      "release job leases");
}

void PgJobLeases::RenewLoop() {
  // Three renewals per lease: one lost to a slow or restarting database still leaves
  // two before the lease runs out.
  const auto period = std::chrono::milliseconds(std::max<int64_t>(lease_ms_ / 3, 1));
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period, [this] { return stopping_; })) {
    lock.unlock();
    Status renewed = [&]() -> Status {
      INLET_ASSIGN_OR_RETURN(auto db, pool_->Acquire());
      return db->Run("UPDATE jobs SET lease_until = " INLET_PG_NOW_MS
                     " + $2 WHERE node = $1 AND state IN ('queued', 'running')",
                     {node_, lease_ms_}, "renew job leases");
    }();
    if (!renewed.ok()) spdlog::warn("processing: {}", renewed.message());
    lock.lock();
  }
}

}  // namespace inlet::store
