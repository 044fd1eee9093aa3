#include "store/reader_pool.h"

#include <cassert>
#include <utility>

namespace inlet::store {

ReaderPool::ReaderPool(std::vector<std::unique_ptr<Connection>> connections)
    : connections_(std::move(connections)) {
  assert(!connections_.empty());
  for (auto& connection : connections_) idle_.push_back(connection.get());
}

ReaderPool::Lease ReaderPool::Acquire() {
  std::unique_lock lock(mutex_);
  released_.wait(lock, [this] { return !idle_.empty(); });
  Connection* connection = idle_.back();
  idle_.pop_back();
  return Lease(*this, connection);
}

void ReaderPool::Release(Connection* connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(connection);
  }
  released_.notify_one();
}

}  // namespace inlet::store
