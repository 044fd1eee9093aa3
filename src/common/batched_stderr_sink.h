// An spdlog sink for lines written often (one per request): it gathers them for a few
// milliseconds and writes them to stderr in one system call, instead of one write per
// line on the thread that logged it. Private to common/ (logging.cc).
//
// Lines keep their order. A line is on stderr at most `delay` after it was logged, at
// once when the gathered lines reach `max_bytes`, and at flush() (the server flushes at
// shutdown). A process killed with SIGKILL loses the lines of the last `delay`.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace inlet {

class BatchedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  BatchedStderrSink(std::chrono::milliseconds delay, size_t max_bytes);
  ~BatchedStderrSink() override;
  BatchedStderrSink(const BatchedStderrSink&) = delete;
  BatchedStderrSink& operator=(const BatchedStderrSink&) = delete;

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override;
  void flush_() override;

 private:
  void RunWriter();
  void WritePending();  // with mutex_ held

  const std::chrono::milliseconds delay_;
  const size_t max_bytes_;
  std::string pending_;
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread writer_;  // last: started once the members above exist
};

}  // namespace inlet
