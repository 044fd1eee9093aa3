#include "inlet/usecase/change_feed.h"

#include <algorithm>

#include "inlet/common/catch_all.h"
#include "inlet/common/hex.h"
#include "inlet/processing/golden_document.h"

namespace inlet::usecase {

std::string ChangeCursor(int64_t seq) {
  uint8_t big_endian[8];
  for (int i = 0; i < 8; ++i) {
    big_endian[i] = static_cast<uint8_t>(static_cast<uint64_t>(seq) >> (56 - 8 * i));
  }
  return ToHex(big_endian, sizeof big_endian);
}

std::optional<int64_t> ParseChangeCursor(std::string_view text) {
  if (text.size() != 16) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    const int digit = HexDigitValue(c);
    if (digit < 0 || (c >= 'A' && c <= 'F')) return std::nullopt;
    value = value << 4 | static_cast<uint64_t>(digit);
  }
  if (value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(value);
}

ChangeFeed::ChangeFeed(store::GoldenStore& store, WorkQueue& readers, size_t max_waiting)
    : store_(store),
      readers_(readers),
      max_waiting_(max_waiting),
      timer_([this] { TimerLoop(); }) {}

ChangeFeed::~ChangeFeed() { Stop(); }

void ChangeFeed::Read(ChangeRead request, Answer answer) {
  const auto deadline = Clock::now() + std::chrono::seconds(std::clamp(request.wait_seconds, 0,
                                                                       kMaxChangeWaitSeconds));
  PostRead({std::move(request), std::move(answer), deadline});
}

void ChangeFeed::PostRead(Waiter waiter) {
  readers_.Post([this, waiter = std::move(waiter)]() mutable {
    // What escapes a read (a bug, memory exhausted) still answers the client.
    Answer answer = waiter.answer;
    Status read = CatchAll("change feed read", [&] {
      ReadNow(std::move(waiter.request), std::move(waiter.answer), waiter.deadline);
      return Status::Ok();
    });
    if (!read.ok()) answer(read);
  });
}

void ChangeFeed::ReadNow(ChangeRead request, Answer answer, Clock::time_point deadline) {
  uint64_t commits_before = 0;
  {
    std::lock_guard lock(mutex_);
    commits_before = commits_;
  }
  store::ChangeQuery query;
  query.after_seq = request.after_seq;
  query.limit = request.limit;
  query.entity_type = request.entity_type;
  query.max_bytes = request.max_bytes;
  query.named_parts = processing::PartsNamedBy;
  Result<store::ChangePage> page = store_.ReadChanges(query);
  if (!page.ok() || !page->items.empty() || page->more || Clock::now() >= deadline) {
    return answer(std::move(page));
  }
  // Nothing yet: go on from where this read stopped, once something is committed.
  request.after_seq = page->next_seq;
  {
    std::lock_guard lock(mutex_);
    const bool committed_since = commits_ != commits_before;
    if (!stopping_ && waiting_.size() < max_waiting_ && !committed_since) {
      waiting_.push_back({std::move(request), std::move(answer), deadline});
      timer_wake_.notify_one();
      return;
    }
    if (committed_since && !stopping_) {
      // A commit came between the read and now: read again rather than wait for the next.
      PostRead({std::move(request), std::move(answer), deadline});
      return;
    }
  }
  answer(std::move(page));
}

void ChangeFeed::ChangesCommitted() {
  std::list<Waiter> woken;
  {
    std::lock_guard lock(mutex_);
    ++commits_;
    woken.swap(waiting_);
  }
  for (auto& waiter : woken) PostRead(std::move(waiter));
}

void ChangeFeed::Stop() {
  std::list<Waiter> left;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !timer_.joinable()) return;
    stopping_ = true;
    left.swap(waiting_);
  }
  timer_wake_.notify_one();
  if (timer_.joinable()) timer_.join();
  // Read once more, here, without waiting: a parked read is answered with what there is,
  // and nothing new is queued for the readers.
  for (auto& waiter : left) {
    Answer answer = waiter.answer;
    Status read = CatchAll("change feed read", [&] {
      ReadNow(std::move(waiter.request), std::move(waiter.answer), Clock::now());
      return Status::Ok();
    });
    if (!read.ok()) answer(read);
  }
}

void ChangeFeed::TimerLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = Clock::now();
    std::list<Waiter> due;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      auto next = std::next(it);
      if (it->deadline <= now) due.splice(due.end(), waiting_, it);
      it = next;
    }
    if (!due.empty()) {
      lock.unlock();
      for (auto& waiter : due) PostRead(std::move(waiter));
      lock.lock();
      continue;
    }
    if (waiting_.empty()) {
      timer_wake_.wait(lock);
    } else {
      // A copy: the waiter may leave the list while this thread sleeps.
      const Clock::time_point earliest =
          std::min_element(waiting_.begin(), waiting_.end(), [](const Waiter& a, const Waiter& b) {
            return a.deadline < b.deadline;
          })->deadline;
      timer_wake_.wait_until(lock, earliest);
    }
  }
}

}  // namespace inlet::usecase
