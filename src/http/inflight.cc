#include "inlet/http/inflight.h"

namespace inlet::http {

bool InflightBudget::TryAdd(uint64_t bytes) {
  uint64_t current = held_.load(std::memory_order_relaxed);
  do {
    if (bytes > limit_ || current > limit_ - bytes) return false;
  } while (!held_.compare_exchange_weak(current, current + bytes, std::memory_order_relaxed));
  gauge_.Add(static_cast<int64_t>(bytes));
  return true;
}

void InflightBudget::ForceAdd(uint64_t bytes) {
  held_.fetch_add(bytes, std::memory_order_relaxed);
  gauge_.Add(static_cast<int64_t>(bytes));
}

void InflightBudget::Remove(uint64_t bytes) {
  held_.fetch_sub(bytes, std::memory_order_relaxed);
  gauge_.Add(-static_cast<int64_t>(bytes));
}

Reservation::~Reservation() {
  if (bytes_ > 0) budget_->Remove(bytes_);
}

bool Reservation::Resize(uint64_t bytes) {
  if (bytes > bytes_) {
    if (!budget_->TryAdd(bytes - bytes_)) return false;
  } else if (bytes < bytes_) {
    budget_->Remove(bytes_ - bytes);
  }
  bytes_ = bytes;
  return true;
}

void Reservation::ForceResize(uint64_t bytes) {
  if (bytes > bytes_) {
    budget_->ForceAdd(bytes - bytes_);
  } else if (bytes < bytes_) {
    budget_->Remove(bytes_ - bytes);
  }
  bytes_ = bytes;
}

}  // namespace inlet::http
