// The writer connection's mutex (private to the store module). It also tells whether
// anyone is waiting for it, so a long processing transaction can end early when an
// ingestion commit wants the connection, and run long when nobody does.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace inlet::store {

class WriterMutex {
 public:
  void lock() {
    waiting_.fetch_add(1, std::memory_order_relaxed);
    mutex_.lock();
    waiting_.fetch_sub(1, std::memory_order_relaxed);
  }
  void unlock() { mutex_.unlock(); }

  // lock(), after every thread already waiting has had its turn. A long transaction that
  // ended because others were waiting must not take the mutex straight back, which an
  // unfair std::mutex lets the thread that just unlocked it do, again and again.
  void lock_after_waiters() {
    while (contended()) std::this_thread::sleep_for(std::chrono::microseconds(50));
    lock();
  }

  // True while another thread is blocked in lock().
  bool contended() const { return waiting_.load(std::memory_order_relaxed) > 0; }

 private:
  std::mutex mutex_;
  std::atomic<int> waiting_{0};
};

}  // namespace inlet::store
