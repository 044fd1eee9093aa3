#include "common/batched_stderr_sink.h"

#include <unistd.h>

#include <cerrno>

namespace inlet {

BatchedStderrSink::BatchedStderrSink(std::chrono::milliseconds delay, size_t max_bytes)
    : delay_(delay), max_bytes_(max_bytes), writer_([this] { RunWriter(); }) {}

BatchedStderrSink::~BatchedStderrSink() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
  std::lock_guard lock(mutex_);
  WritePending();
}

void BatchedStderrSink::sink_it_(const spdlog::details::log_msg& message) {
  spdlog::memory_buf_t formatted;
  formatter_->format(message, formatted);
  const bool was_empty = pending_.empty();
  pending_.append(formatted.data(), formatted.size());
  if (pending_.size() >= max_bytes_) {
    WritePending();
  } else if (was_empty) {
    // Only the first line of a batch wakes the writer; while it waits out the delay
    // nobody waits on wake_, and notifying costs no system call.
    wake_.notify_one();
  }
}

void BatchedStderrSink::flush_() { WritePending(); }

void BatchedStderrSink::RunWriter() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    // Let the batch fill; the lines logged meanwhile join it.
    wake_.wait_for(lock, delay_, [&] { return stopping_; });
    WritePending();
  }
}

void BatchedStderrSink::WritePending() {
  // Written under the mutex, so that batches written here and by flush() keep their order.
  size_t written = 0;
  while (written < pending_.size()) {
    const ssize_t n = ::write(STDERR_FILENO, pending_.data() + written, pending_.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // stderr is gone: the lines cannot go anywhere
    written += static_cast<size_t>(n);
  }
  pending_.clear();
}

}  // namespace inlet
