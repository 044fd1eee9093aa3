// A fixed number of PostgreSQL connections shared by many threads: Acquire() lends one,
// waiting while all are lent, but not longer than the pool's wait bound; a connection
// found broken is replaced on its next lending, so a restarted database server costs the
// requests in flight, not the process.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/pg_connection.h"

namespace inlet::store {

class PgPool {
 public:
  // A lent connection, returned to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (connection_) pool_->Return(std::move(connection_));
    }
    PgConnection& operator*() { return *connection_; }
    PgConnection* operator->() { return connection_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> connection_;
  };

  // Opens `size` connections to `url` (at least one), so a wrong URL fails at start.
  // `max_wait` bounds how long Acquire() waits for a connection to come back;
  // `lock_timeout_ms` is each connection's (PgConnection::Open).
  static Result<std::unique_ptr<PgPool>> Open(
      const std::string& url, int size,
      std::chrono::milliseconds max_wait = std::chrono::seconds(10), int lock_timeout_ms = 0);

  // A healthy connection; kUnavailable "storage-unavailable" when none came back within
  // the wait bound, or when a broken one cannot be replaced.
  Result<Lease> Acquire();

 private:
  PgPool(std::string url, std::vector<std::unique_ptr<PgConnection>> idle,
         std::chrono::milliseconds max_wait, int lock_timeout_ms)
      : url_(std::move(url)),
        max_wait_(max_wait),
        lock_timeout_ms_(lock_timeout_ms),
        idle_(std::move(idle)) {}
  void Return(std::unique_ptr<PgConnection> connection);

  const std::string url_;
  const std::chrono::milliseconds max_wait_;
  const int lock_timeout_ms_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

}  // namespace inlet::store
