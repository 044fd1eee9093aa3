// Tells the change feed's listener that a commit appended changes (private to store/):
// the writers that commit golden-record changes (a processing slice, a bridge receipt's
// batch) notify it once their commit is durable.
#pragma once

#include <functional>
#include <mutex>
#include <utility>

namespace inlet::store {

class ChangeSignal {
 public:
  void Listen(std::function<void()> listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
  }
  // On the committing thread; the listener only wakes its readers.
  void Notify() {
    std::lock_guard lock(mutex_);
    if (listener_) listener_();
  }

 private:
  std::mutex mutex_;
  std::function<void()> listener_;
};

}  // namespace inlet::store
