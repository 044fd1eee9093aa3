#include "store/checkpointer.h"

#include <spdlog/spdlog.h>

namespace inlet::store {

Checkpointer::Checkpointer(Connection& writer, std::unique_ptr<Connection> own, int threshold_pages)
    : writer_(writer), own_(std::move(own)), threshold_pages_(threshold_pages) {
  // A connection opens the database file lazily; until it has read it, it does not know
  // the database is in WAL mode and a checkpoint through it does nothing.
  Result<std::string> mode = own_->PragmaText("PRAGMA journal_mode", "read journal mode");
  if (!mode.ok() || *mode != "wal") {
    spdlog::warn("store: the checkpointer's connection does not see WAL mode ({})",
                 mode.ok() ? *mode : mode.status().message());
  }
  thread_ = std::thread([this] { Loop(); });
  sqlite3_wal_hook(writer_.handle(), &Checkpointer::OnCommit, this);
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// Runs on the writer's thread after each commit, with the WAL's size in pages.
int Checkpointer::OnCommit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* checkpointer = static_cast<Checkpointer*>(self);
  if (wal_pages < checkpointer->threshold_pages_) return SQLITE_OK;
  {
    std::lock_guard lock(checkpointer->mutex_);
    checkpointer->due_ = true;
  }
  checkpointer->wake_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::Loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();
    int wal_pages = 0, copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(own_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             &wal_pages, &copied);
    // BUSY: another checkpoint (another process's) is running; the next commit asks again.
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      spdlog::warn("store: checkpoint of the WAL failed: {}", sqlite3_errmsg(own_->handle()));
    }
    lock.lock();
  }
}

}  // namespace inlet::store
