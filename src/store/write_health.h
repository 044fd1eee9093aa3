// What the store last learnt about whether its writes reach the disk (private to the
// store module): the outcome of the latest ingestion commit or writability probe, and
// when. /readyz may be asked many times a second; a recent outcome answers it without
// writing anything or waiting for the writer connection.
#pragma once

#include <chrono>
#include <functional>
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

// Store::CheckWritable over `health`: an outcome at most `max_age` old answers; else
// `probe` writes a row now, one caller at a time, and while it runs the others get the
// last outcome known instead of waiting behind it. Whatever the cause, a failure reads as
// kUnavailable: the answer to "can you take writes?" is no.
inline Status CheckWritableWith(WriteHealth& health, std::mutex& probe_mutex,
                                WriteHealth::Clock::duration max_age,
                                const std::function<Status()>& probe) {
  auto as_unavailable = [](const Status& status) {
    if (status.ok() || status.code() == StatusCode::kUnavailable) return status;
    return Status::Unavailable("storage-unavailable", status.message());
  };
  if (auto recent = health.Recent(max_age)) return as_unavailable(*recent);
  std::unique_lock probing(probe_mutex, std::try_to_lock);
  if (!probing.owns_lock()) {
    if (auto known = health.Recent(WriteHealth::Clock::duration::max())) {
      return as_unavailable(*known);
    }
    probing.lock();
    if (auto recent = health.Recent(max_age)) return as_unavailable(*recent);
  }
  Status status = probe();
  health.Note(status);
  return as_unavailable(status);
}

}  // namespace inlet::store
