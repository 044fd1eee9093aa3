// The batches `inlet post` sends and the bounded hand-over between the thread that reads
// the files and the threads that send (private to cli/).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inlet::cli {

struct Batch {
  // Makes its Idempotency-Key unique in the run: the batch's number in the order the
  // input was read ("12"), and for the halves a split makes of it "12.1" and "12.2".
  std::string key;
  std::string file;             // as errors name it
  std::string ndjson;           // one record per line
  std::vector<uint64_t> lines;  // the input line each record starts on, by row index

  uint64_t records() const { return lines.size(); }
  void Add(std::string_view record, uint64_t line) {
    ndjson.append(record);
    ndjson.push_back('\n');
    lines.push_back(line);
  }
};

// The first half of the batch's records and the second, with keys of their own.
inline std::pair<Batch, Batch> Split(Batch&& batch) {
  const size_t half = batch.lines.size() / 2;
  size_t cut = 0;
  for (size_t records = 0; records < half; ++records) cut = batch.ndjson.find('\n', cut) + 1;
  Batch first;
  first.key = batch.key + ".1";
  first.file = batch.file;
  first.ndjson = batch.ndjson.substr(0, cut);
  first.lines.assign(batch.lines.begin(), batch.lines.begin() + static_cast<ptrdiff_t>(half));
  Batch second;
  second.key = batch.key + ".2";
  second.file = std::move(batch.file);
  batch.ndjson.erase(0, cut);
  second.ndjson = std::move(batch.ndjson);
  second.lines.assign(batch.lines.begin() + static_cast<ptrdiff_t>(half), batch.lines.end());
  return {std::move(first), std::move(second)};
}

// Holds at most `capacity` batches: the reader waits while the senders catch up.
class BatchChannel {
 public:
  explicit BatchChannel(size_t capacity) : capacity_(capacity) {}

  // False once the channel is closed (the batch is then dropped).
  bool Push(Batch batch) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return closed_ || batches_.size() < capacity_; });
    if (closed_) return false;
    batches_.push_back(std::move(batch));
    ready_.notify_one();
    return true;
  }

  // The next batch; nullopt when the channel is closed and, after Finish, empty.
  std::optional<Batch> Pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || finished_ || !batches_.empty(); });
    if (closed_ || batches_.empty()) return std::nullopt;
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    space_.notify_one();
    return batch;
  }

  // No more batches will come: Pop hands out what is left, then nullopt.
  void Finish() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    ready_.notify_all();
  }

  // Stops at once: what is left is dropped, Push and Pop return at once.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    batches_.clear();
    ready_.notify_all();
    space_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<Batch> batches_;
  bool finished_ = false;
  bool closed_ = false;
};

}  // namespace inlet::cli
