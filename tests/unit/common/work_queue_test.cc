// WorkQueue's threads are the process's own: a task that throws must not end the
// process (std::terminate) nor stop the queue.
#include "inlet/common/work_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace inlet {
namespace {

TEST(WorkQueueTest, ATaskThatThrowsIsLoggedAndTheQueueGoesOn) {
  WorkQueue queue(1);
  std::atomic<int> ran{0};
  queue.Post([] { throw std::runtime_error("a bug in a task"); });
  queue.Post([&] { ++ran; });
  queue.Post([] { throw 42; });
  queue.Post([&] { ++ran; });
  queue.Drain();
  EXPECT_EQ(ran.load(), 2);
}

}  // namespace
}  // namespace inlet
