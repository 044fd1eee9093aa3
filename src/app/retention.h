// Prunes receipts, logs and idempotency keys past their retention (SPEC §3), once at
// start and then periodically, on a thread of its own (private to app/).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "inlet/config/config.h"
#include "inlet/store/store.h"

namespace inlet::app {

class RetentionPruner {
 public:
  static constexpr int kIntervalMs = 10 * 60 * 1000;

  // `store` must outlive the pruner.
  RetentionPruner(store::Store& store, const config::RetentionConfig& retention);
  ~RetentionPruner();
  RetentionPruner(const RetentionPruner&) = delete;
  RetentionPruner& operator=(const RetentionPruner&) = delete;

 private:
  void Run();
  void PruneOnce();

  store::Store& store_;
  config::RetentionConfig retention_;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace inlet::app
