#include "support/faulty_vfs.h"

#include <sqlite3.h>

#include <mutex>
#include <stdexcept>
#include <string_view>

namespace inlet::testing {
namespace {

struct FaultState {
  std::mutex mutex;
  bool armed = false;
  std::string path_prefix;
  int code = SQLITE_OK;
  int successes_left = 0;
  int failures_left = 0;  // negative: no end
  int64_t failed = 0;
};

FaultState& State() {
  static FaultState state;
  return state;
}

sqlite3_vfs* g_real = nullptr;

// One open file: our methods in front, the real VFS's file right behind (szOsFile says
// how much room SQLite allocates for both).
struct FaultyFile {
  sqlite3_file base;
  std::string* path;  // null for temporary files, which are never failed
  sqlite3_file* Real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

FaultyFile* Faulty(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file); }
sqlite3_file* Real(sqlite3_file* file) { return Faulty(file)->Real(); }

int Close(sqlite3_file* file) {
  int rc = Real(file)->pMethods->xClose(Real(file));
  delete Faulty(file)->path;
  Faulty(file)->path = nullptr;
  return rc;
}
int Read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  return Real(file)->pMethods->xRead(Real(file), buffer, amount, offset);
}
int Write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  if (Faulty(file)->path != nullptr) {
    int rc = FaultyVfs::Install().Admit(Faulty(file)->path->c_str());
    if (rc != SQLITE_OK) return rc;
  }
  return Real(file)->pMethods->xWrite(Real(file), buffer, amount, offset);
}
int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  return Real(file)->pMethods->xTruncate(Real(file), size);
}
int Sync(sqlite3_file* file, int flags) { return Real(file)->pMethods->xSync(Real(file), flags); }
int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  return Real(file)->pMethods->xFileSize(Real(file), size);
}
int Lock(sqlite3_file* file, int level) { return Real(file)->pMethods->xLock(Real(file), level); }
int Unlock(sqlite3_file* file, int level) {
  return Real(file)->pMethods->xUnlock(Real(file), level);
}
int CheckReservedLock(sqlite3_file* file, int* out) {
  return Real(file)->pMethods->xCheckReservedLock(Real(file), out);
}
int FileControl(sqlite3_file* file, int op, void* arg) {
  return Real(file)->pMethods->xFileControl(Real(file), op, arg);
}
int SectorSize(sqlite3_file* file) { return Real(file)->pMethods->xSectorSize(Real(file)); }
int DeviceCharacteristics(sqlite3_file* file) {
  return Real(file)->pMethods->xDeviceCharacteristics(Real(file));
}
int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return Real(file)->pMethods->xShmMap(Real(file), region, size, extend, out);
}
int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  return Real(file)->pMethods->xShmLock(Real(file), offset, n, flags);
}
void ShmBarrier(sqlite3_file* file) { Real(file)->pMethods->xShmBarrier(Real(file)); }
int ShmUnmap(sqlite3_file* file, int delete_flag) {
  return Real(file)->pMethods->xShmUnmap(Real(file), delete_flag);
}
int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  return Real(file)->pMethods->xFetch(Real(file), offset, amount, out);
}
int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return Real(file)->pMethods->xUnfetch(Real(file), offset, page);
}

const sqlite3_io_methods kMethods = {
    3,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  FaultyFile* faulty = Faulty(file);
  faulty->base.pMethods = nullptr;
  faulty->path = nullptr;
  int rc = g_real->xOpen(g_real, name, faulty->Real(), flags, out_flags);
  // The real file's methods are unix ones (version 3); without them the open failed and
  // SQLite must not call ours either.
  if (faulty->Real()->pMethods == nullptr) return rc;
  if (name != nullptr) faulty->path = new std::string(name);
  faulty->base.pMethods = &kMethods;
  return rc;
}

int Delete(sqlite3_vfs*, const char* name, int sync_dir) {
  return g_real->xDelete(g_real, name, sync_dir);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real->xAccess(g_real, name, flags, out);
}
int FullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return g_real->xFullPathname(g_real, name, size, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return g_real->xDlOpen(g_real, name); }
void DlError(sqlite3_vfs*, int size, char* out) { g_real->xDlError(g_real, size, out); }
void (*DlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return g_real->xDlSym(g_real, handle, symbol);
}
void DlClose(sqlite3_vfs*, void* handle) { g_real->xDlClose(g_real, handle); }
int Randomness(sqlite3_vfs*, int size, char* out) { return g_real->xRandomness(g_real, size, out); }
int Sleep(sqlite3_vfs*, int microseconds) { return g_real->xSleep(g_real, microseconds); }
int CurrentTime(sqlite3_vfs*, double* out) { return g_real->xCurrentTime(g_real, out); }
int GetLastError(sqlite3_vfs*, int size, char* out) {
  return g_real->xGetLastError(g_real, size, out);
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  return g_real->xCurrentTimeInt64(g_real, out);
}

}  // namespace

FaultyVfs& FaultyVfs::Install() {
  static FaultyVfs* installed = [] {
    g_real = sqlite3_vfs_find(nullptr);
    if (g_real == nullptr) throw std::runtime_error("faulty VFS: SQLite has no default VFS");
    static sqlite3_vfs vfs = {};
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(sizeof(FaultyFile)) + g_real->szOsFile;
    vfs.mxPathname = g_real->mxPathname;
    vfs.zName = "inlet-faulty";
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xDlOpen = DlOpen;
    vfs.xDlError = DlError;
    vfs.xDlSym = DlSym;
    vfs.xDlClose = DlClose;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    if (sqlite3_vfs_register(&vfs, /*makeDflt=*/1) != SQLITE_OK) {
      throw std::runtime_error("faulty VFS: cannot register it");
    }
    return new FaultyVfs();  // lives as long as the process, like the registration
  }();
  return *installed;
}

void FaultyVfs::FailWrites(const std::string& path_prefix, int sqlite_code, int failures,
                           int succeed_first) {
  FaultState& state = State();
  std::lock_guard lock(state.mutex);
  state.armed = true;
  state.path_prefix = path_prefix;
  state.code = sqlite_code;
  state.successes_left = succeed_first;
  state.failures_left = failures;
  state.failed = 0;
}

void FaultyVfs::Heal() {
  FaultState& state = State();
  std::lock_guard lock(state.mutex);
  state.armed = false;
}

int64_t FaultyVfs::failed_writes() const {
  FaultState& state = State();
  std::lock_guard lock(state.mutex);
  return state.failed;
}

int FaultyVfs::Admit(const char* path) {
  FaultState& state = State();
  std::lock_guard lock(state.mutex);
  if (!state.armed || state.failures_left == 0 ||
      std::string_view(path).substr(0, state.path_prefix.size()) != state.path_prefix) {
    return SQLITE_OK;
  }
  if (state.successes_left > 0) {
    --state.successes_left;
    return SQLITE_OK;
  }
  if (state.failures_left > 0) --state.failures_left;
  ++state.failed;
  return state.code;
}

}  // namespace inlet::testing
