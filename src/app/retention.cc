#include "app/retention.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "inlet/common/catch_all.h"
#include "inlet/common/time.h"

namespace inlet::app {

RetentionPruner::RetentionPruner(store::Store& store, const config::RetentionConfig& retention)
    : store_(store), retention_(retention), thread_([this] { Run(); }) {}

RetentionPruner::~RetentionPruner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  thread_.join();
}

void RetentionPruner::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    PruneOnce();
    lock.lock();
    stop_requested_.wait_for(lock, std::chrono::milliseconds(kIntervalMs),
                             [this] { return stopping_; });
  }
}

void RetentionPruner::PruneOnce() {
  const int64_t now = NowUnixMillis();
  const int64_t receipts_before = now - int64_t{retention_.days} * 24 * 3600 * 1000;
  const int64_t keys_before = now - int64_t{retention_.idempotency_hours} * 3600 * 1000;
  const int64_t changes_before = now - int64_t{retention_.changes_days} * 24 * 3600 * 1000;
  // Tried again at the next interval.
  Status pruned = CatchAll("prune", [&] {
    return store_.Prune({receipts_before, keys_before, changes_before});
  });
  if (!pruned.ok()) spdlog::warn("pruning past retention failed: {}", pruned.message());
}

}  // namespace inlet::app
