// The server's ceiling on request data held in memory (limits.inflightBodyBytes, SPEC §6
// and §8). It bounds what is held, not what crossed the wire: a request reserves its
// body as it is read, then what decoding and parsing make of it, until its records are
// committed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "inlet/common/metrics.h"
#include "inlet/usecase/memory_hold.h"

namespace inlet::http {

// Shared by every request of one server; thread-safe.
class InflightBudget {
 public:
  // `gauge` shows what is held; it must outlive the budget.
  InflightBudget(uint64_t limit, Gauge& gauge) : limit_(limit), gauge_(gauge) {}

  uint64_t limit() const { return limit_; }
  uint64_t held() const { return held_.load(std::memory_order_relaxed); }

  // Adds `bytes` unless that passes the limit; false (and nothing added) then.
  bool TryAdd(uint64_t bytes);
  // Adds `bytes` whatever the limit: for memory that is already in use.
  void ForceAdd(uint64_t bytes);
  void Remove(uint64_t bytes);

 private:
  const uint64_t limit_;
  Gauge& gauge_;
  std::atomic<uint64_t> held_{0};
};

// One request's share of the budget, given back when the reservation is destroyed. Used
// by one thread at a time (the connection, then the work that parses, then the commit's
// callback), handed on with the request.
class Reservation : public usecase::MemoryHold {
 public:
  explicit Reservation(std::shared_ptr<InflightBudget> budget) : budget_(std::move(budget)) {}
  ~Reservation() override;
  Reservation(const Reservation&) = delete;
  Reservation& operator=(const Reservation&) = delete;

  uint64_t bytes() const { return bytes_; }
  // The budget's limit: what one request could hold with nothing else held.
  uint64_t limit() const { return budget_->limit(); }
  // Sets what this request holds to `bytes`. Growing past the budget's limit fails:
  // false, and the reservation is unchanged. Shrinking always succeeds.
  bool Resize(uint64_t bytes);
  // Sets what this request holds to `bytes` even past the limit: for memory already
  // allocated (a parsed body), so that new requests are refused until it is released.
  void ForceResize(uint64_t bytes) override;

 private:
  std::shared_ptr<InflightBudget> budget_;
  uint64_t bytes_ = 0;
};

}  // namespace inlet::http
