// The writer mutex tells whether anyone waits, and lets waiters go first when asked.
#include "store/writer_mutex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace inlet::store {
namespace {

void WaitUntil(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(WriterMutexTest, ContendedWhileAnotherThreadWaits) {
  WriterMutex mutex;
  mutex.lock();
  EXPECT_FALSE(mutex.contended());
  std::thread waiter([&] {
    mutex.lock();
    mutex.unlock();
  });
  WaitUntil([&] { return mutex.contended(); });
  EXPECT_TRUE(mutex.contended());
  mutex.unlock();
  waiter.join();
  EXPECT_FALSE(mutex.contended());
}

TEST(WriterMutexTest, LockAfterWaitersLetsTheWaitingThreadGoFirst) {
  // Many rounds: with a plain lock() the thread that just unlocked usually wins.
  for (int round = 0; round < 50; ++round) {
    WriterMutex mutex;
    std::atomic<bool> waiter_had_it{false};
    mutex.lock();
    std::thread waiter([&] {
      mutex.lock();
      waiter_had_it = true;
      mutex.unlock();
    });
    WaitUntil([&] { return mutex.contended(); });
    mutex.unlock();
    mutex.lock_after_waiters();
    EXPECT_TRUE(waiter_had_it) << "round " << round;
    mutex.unlock();
    waiter.join();
  }
}

}  // namespace
}  // namespace inlet::store
