// A fixed set of read-only connections shared by the threads that call the store.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_connection.h"

namespace inlet::store {

class ReaderPool {
 public:
  // Exclusive use of one connection until the lease is destroyed. Statements borrowed
  // from it must be destroyed first (declare the lease before them).
  class Lease {
   public:
    Lease(ReaderPool& pool, Connection* connection) : pool_(pool), connection_(connection) {}
    ~Lease() { pool_.Release(connection_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

   private:
    ReaderPool& pool_;
    Connection* connection_;
  };

  // `connections` must not be empty.
  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> connections);

  // Blocks until a connection is free. Reads are short single statements, so the wait is
  // bounded by the slowest read in progress.
  Lease Acquire();

 private:
  void Release(Connection* connection);

  std::vector<std::unique_ptr<Connection>> connections_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<Connection*> idle_;  // guarded by mutex_
};

}  // namespace inlet::store
