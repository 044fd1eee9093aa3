// A SQLite VFS for fault tests: it passes every call to the process's default VFS, except
// that writes to files under a chosen directory can be made to fail, as a full disk or a
// failing device would make them fail. Everything not failed is the real file system.
//
// Install() makes it the default VFS of the whole test process, once, so connections the
// store opens itself use it without knowing. It stays installed; while no fault is set it
// only forwards. SQLite maps the shared-memory file (-shm) without calling xWrite, so a
// fault here reaches the database file, its WAL and journals, not the -shm file.
#pragma once

#include <cstdint>
#include <string>

namespace inlet::testing {

class FaultyVfs {
 public:
  // Installs the VFS (on the first call) and returns it.
  static FaultyVfs& Install();

  // From now on, writes to files whose path starts with `path_prefix` fail with
  // `sqlite_code` (say SQLITE_FULL, or SQLITE_IOERR_WRITE): after `succeed_first` more
  // writes, the next `failures` of them, or every one until Heal() when `failures` is
  // negative (a disk that stays full).
  void FailWrites(const std::string& path_prefix, int sqlite_code, int failures = -1,
                  int succeed_first = 0);
  // Lets every write through again.
  void Heal();
  // Writes failed since the last FailWrites().
  int64_t failed_writes() const;

  // Used by the VFS callbacks: whether a write to `path` fails, and with what code
  // (SQLITE_OK when it goes through).
  int Admit(const char* path);

 private:
  FaultyVfs() = default;
};

}  // namespace inlet::testing
