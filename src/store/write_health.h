// What the store last learnt about whether its writes reach the disk (private to the
// store module): the outcome of the latest ingestion commit or writability probe, and
// when. /readyz may be asked many times a second; a recent outcome answers it without
// writing anything or waiting for the writer connection.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

#include "inlet/common/status.h"

namespace inlet::store {

class WriteHealth {
 public:
  using Clock = std::chrono::steady_clock;

  // Records the outcome of a write that just finished.
  void Note(const Status& outcome) {
    std::lock_guard lock(mutex_);
    last_ = outcome;
    noted_at_ = Clock::now();
  }

  // The latest outcome when it is at most `max_age` old.
  std::optional<Status> Recent(Clock::duration max_age) {
    std::lock_guard lock(mutex_);
    if (!noted_at_ || Clock::now() - *noted_at_ > max_age) return std::nullopt;
    return last_;
  }

 private:
  std::mutex mutex_;
  Status last_;
  std::optional<Clock::time_point> noted_at_;
};

}  // namespace inlet::store
