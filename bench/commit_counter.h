// Counts the commits other connections make to a SQLite database, by polling
// `PRAGMA data_version` on a read-only connection of our own. Used on the server's
// inlet.db during scenario 1 to learn how many records its group commit puts in one
// transaction, so ceiling (b) commits the same amount.
//
// Two commits between polls count as one, so the count can only be low and the records
// per commit only high: the ceiling it sets errs towards being harder to reach.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace inlet::bench {

class CommitCounter {
 public:
  explicit CommitCounter(const std::string& database_path);
  ~CommitCounter();
  CommitCounter(const CommitCounter&) = delete;
  CommitCounter& operator=(const CommitCounter&) = delete;

  // Stops polling; returns the commits seen (-1 when the database could not be read).
  int64_t Stop();

 private:
  void Poll(const std::string& path);

  std::atomic<bool> stop_ = false;
  std::atomic<int64_t> commits_ = 0;
  std::thread thread_;
};

}  // namespace inlet::bench
