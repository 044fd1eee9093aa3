// The change feed (SPEC §11): pages of golden-record changes after a cursor, and long
// polls. A read that finds nothing new may wait up to its `wait`: it is parked without a
// thread until a commit appends changes (the store's change listener calls
// ChangesCommitted) or its time is up, then reads again. No thread polls the store.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "inlet/common/status.h"
#include "inlet/common/work_queue.h"
#include "inlet/store/golden.h"

namespace inlet::usecase {

// A cursor as clients see it: the change seq as 16 hex digits, so cursors also compare
// as strings. Parse accepts exactly that shape.
std::string ChangeCursor(int64_t seq);
std::optional<int64_t> ParseChangeCursor(std::string_view text);

inline constexpr int kMaxChangeWaitSeconds = 60;

struct ChangeRead {
  std::optional<int64_t> after_seq;  // none: from the first change kept
  int limit = 100;
  std::optional<std::string> entity_type;
  int wait_seconds = 0;  // 0..kMaxChangeWaitSeconds: how long an empty answer may wait
  uint64_t max_bytes = 0;
};

class ChangeFeed {
 public:
  using Answer = std::function<void(Result<store::ChangePage>)>;

  // `readers` runs every read of the store (never the committing thread, nor the
  // caller's). At most `max_waiting` reads wait at once; more are answered at once with
  // what there is. Both must outlive this object.
  ChangeFeed(store::GoldenStore& store, WorkQueue& readers, size_t max_waiting);
  // Stops (see Stop). Reads queued on `readers` use this object: drain them first.
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // Calls `answer` exactly once, from a reader thread: a page (kGone "cursor-expired" for
  // a cursor past retention).
  void Read(ChangeRead request, Answer answer);
  // Wakes the waiting reads: quick, any thread.
  void ChangesCommitted();
  // Answers every waiting read with what there is now (reading on the calling thread),
  // and later reads without waiting. Reads queued on `readers` before may still run:
  // drain that after.
  void Stop();

 private:
  using Clock = std::chrono::steady_clock;
  struct Waiter {
    ChangeRead request;
    Answer answer;
    Clock::time_point deadline;
  };

  // One read of the store; answers, or parks the request when it may wait.
  void ReadNow(ChangeRead request, Answer answer, Clock::time_point deadline);
  void PostRead(Waiter waiter);
  void TimerLoop();

  store::GoldenStore& store_;
  WorkQueue& readers_;
  const size_t max_waiting_;

  std::mutex mutex_;
  std::condition_variable timer_wake_;
  std::list<Waiter> waiting_;
  uint64_t commits_ = 0;  // ChangesCommitted calls: a read parks only if none came since it read
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace inlet::usecase
