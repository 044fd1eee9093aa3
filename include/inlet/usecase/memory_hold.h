// The transport's account of the memory one request holds (http's Reservation).
#pragma once

#include <cstdint>

namespace inlet::usecase {

// A use case that keeps a request's data past its own call (records waiting for their
// commit) says how much through this, and keeps it until that data is gone.
class MemoryHold {
 public:
  virtual ~MemoryHold() = default;
  // Counts `bytes` as held, even past the transport's ceiling: the memory exists already.
  virtual void ForceResize(uint64_t bytes) = 0;
};

}  // namespace inlet::usecase
