// A fixed set of threads that run queued tasks in order of arrival: for CPU work
// (parsing and repairing bodies) that must not hold up the I/O threads. A task that
// throws is logged and the queue goes on; a task must not count on that to report its
// own failure.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace inlet {

class WorkQueue {
 public:
  explicit WorkQueue(int threads);
  // Runs every task already queued, then joins the threads.
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void Post(std::function<void()> task);
  // Returns once every task posted before the call has finished.
  void Drain();

 private:
  void Run();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  int running_ = 0;
  std::condition_variable idle_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace inlet
