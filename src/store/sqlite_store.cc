// Opening the SQLite store, and the operational methods.
#include "inlet/store/sqlite_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>
#include <vector>

#include "inlet/common/time.h"
#include "store/database_file.h"
#include "store/migrations.h"
#include "store/sqlite_store_impl.h"

namespace inlet::store {
namespace {

namespace fs = std::filesystem;

Status CreateDataDir(const std::string& data_dir) {
  if (data_dir.empty()) {
    return Status::InvalidArgument("invalid-data-dir", "the data directory must not be empty");
  }
  fs::path dir(data_dir);
  if (dir.filename().empty()) dir = dir.parent_path();  // "data/" names "data"
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return Status::Ok();
  if (dir.has_parent_path()) {
    fs::create_directories(dir.parent_path(), ec);
    if (ec) {
      return Status::Unavailable("storage-unavailable",
                                 "create data directory " + data_dir + ": " + ec.message());
    }
  }
  // mkdir rather than create_directories: the database and admin token live here, so the
  // directory is private from the moment it exists.
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::Unavailable("storage-unavailable",
                               "create data directory " + data_dir + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::string SynchronousName(int64_t level) {
  switch (level) {
    case 0:
      return "off";
    case 1:
      return "normal";
    case 2:
      return "full";
    case 3:
      return "extra";
    default:
      return std::to_string(level);
  }
}

// Per-connection settings. synchronous matters where commits and checkpoints happen;
// readers get it too because whichever connection closes last checkpoints the WAL.
Status ConfigureConnection(Connection& db, const SqliteOptions& options) {
  INLET_RETURN_IF_ERROR(db.Exec(options.synchronous == Synchronous::kFull
                                    ? "PRAGMA synchronous = FULL"
                                    : "PRAGMA synchronous = NORMAL",
                                "set synchronous"));
  return db.Exec("PRAGMA foreign_keys = ON", "enable foreign keys");
}

// The writer touches the hot indexes (codes, parts by hash) at random: a page cache
// that holds them saves a read per lookup. Memory is taken only as pages are used.
// (Checkpoints are the Checkpointer's.) A WAL that grew past 64 MiB under load, while
// readers kept it from restarting, is cut back to that once it restarts.
Status TuneWriter(Connection& db) {
  INLET_RETURN_IF_ERROR(db.Exec("PRAGMA cache_size = -131072", "set writer cache size"));
  return db.PragmaText("PRAGMA journal_size_limit = 67108864", "set WAL size limit").status();
}

// The journal mode in effect afterwards, as SQLite reports it. Switching a new database
// to WAL needs it to itself for a moment, and when another connection (a CLI started with
// the server, another store in the same process) holds it, SQLite answers "database is
// locked" at once without calling the busy handler. So this waits here, as long as any
// other write would. A database already in WAL is only asked, never switched.
Result<std::string> SetWal(Connection& db, int busy_timeout_ms) {
  Result<std::string> current = db.PragmaText("PRAGMA journal_mode", "read journal mode");
  if (!current.ok() || *current == "wal") return current;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  for (;;) {
    Result<std::string> mode = db.PragmaText("PRAGMA journal_mode = WAL", "set journal mode");
    if (mode.ok() || mode.status().code() != StatusCode::kUnavailable ||
        std::chrono::steady_clock::now() >= deadline) {
      return mode;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

// What start says about a database file it cannot read: it stops, and leaves the file
// as it found it for a person to decide.
Status RefuseUnreadable(const fs::path& file, const Status& why) {
  const std::string name = file.filename().string();
  return Status(StatusCode::kInternal, "storage-corrupt",
                file.string() + " is not a readable inlet database (" + why.message() +
                    "). It was left untouched: restore it from a backup, or move it away "
                    "together with any " +
                    name + "-wal and " + name + "-shm beside it to start with an empty database");
}

// Reads the schema, which SQLite parses from the first pages: a file whose header looked
// right can still fail here. `created` lists the -wal and -shm files that did not exist
// before the connection was opened (reading a WAL database makes both); on a refusal
// they are removed again once the connection is closed, so the data directory is as it
// was. Nothing was written, so such a WAL is empty and the -shm holds only an index of it.
Status CheckReadable(std::unique_ptr<Connection>& db, const fs::path& file,
                     const std::vector<fs::path>& created) {
  Status read = [&]() -> Status {
    INLET_RETURN_IF_ERROR(CheckSchemaNotNewer(*db));
    INLET_ASSIGN_OR_RETURN(auto stmt,
                           db->Prepare("SELECT count(*) FROM sqlite_schema", "read schema"));
    return stmt.Step().status();
  }();
  if (read.message_id() != "storage-corrupt") return read;
  db.reset();
  for (const auto& path : created) {
    std::error_code ec;
    const bool empty_wal = path.string().ends_with("-wal") && fs::file_size(path, ec) == 0;
    if (empty_wal || path.string().ends_with("-shm")) fs::remove(path, ec);
  }
  return RefuseUnreadable(file, read);
}

Result<std::unique_ptr<Store>> Open(const SqliteOptions& options) {
  INLET_RETURN_IF_ERROR(CreateDataDir(options.data_dir));
  std::error_code ec;
  fs::path file = fs::absolute(fs::path(options.data_dir) / "inlet.db", ec);
  if (ec) file = fs::path(options.data_dir) / "inlet.db";

  // Before SQLite touches the file at all.
  Status plausible = CheckDatabaseFile(file.string());
  if (plausible.message_id() == "storage-corrupt") return RefuseUnreadable(file, plausible);
  INLET_RETURN_IF_ERROR(plausible);
  std::vector<fs::path> created;
  for (const char* suffix : {"-wal", "-shm"}) {
    fs::path beside = file.string() + suffix;
    if (!fs::exists(beside, ec)) created.push_back(beside);
  }

  INLET_ASSIGN_OR_RETURN(auto writer,
                         Connection::Open(file.string(), /*create=*/true, options.busy_timeout_ms));
  // Before anything writes, even the journal mode: a newer server may own this file, and
  // one SQLite cannot read must stay as it is.
  INLET_RETURN_IF_ERROR(CheckReadable(writer, file, created));
  Connection& db = *writer;

  StoreInfo info;
  info.engine = "sqlite";
  info.location = file.string();
  // Readers never block the writer and the writer never blocks readers in WAL, and a
  // commit appends to one file. The mode is persistent; this sets it on a new database.
  INLET_RETURN_IF_ERROR(SetWal(db, options.busy_timeout_ms).status());
  INLET_RETURN_IF_ERROR(ConfigureConnection(db, options));
  INLET_ASSIGN_OR_RETURN(auto sync, db.PragmaText("PRAGMA synchronous", "read synchronous"));
  info.synchronous = SynchronousName(std::stoll(sync));

  INLET_RETURN_IF_ERROR(TuneWriter(db));
  INLET_RETURN_IF_ERROR(ApplyMigrations(db));
  info.schema_version = LatestSchemaVersion();
  // Asked again for the effective mode: when another process held the database at the
  // first attempt (two first starts racing), SQLite keeps the old mode and says so
  // instead of failing, and by now one of them has switched it.
  INLET_ASSIGN_OR_RETURN(auto journal, SetWal(db, options.busy_timeout_ms));
  info.journal_mode = journal;

  std::vector<std::unique_ptr<Connection>> readers;
  const int reader_count = std::max(1, options.reader_connections);
  // One more than the pool: the last is the admission look-ups' own.
  for (int i = 0; i <= reader_count; ++i) {
    INLET_ASSIGN_OR_RETURN(
        auto reader, Connection::Open(file.string(), /*create=*/false, options.busy_timeout_ms));
    INLET_RETURN_IF_ERROR(ConfigureConnection(*reader, options));
    // A bug that writes through a reader would bypass the writer mutex; make it fail.
    INLET_RETURN_IF_ERROR(reader->Exec("PRAGMA query_only = ON", "set reader query-only"));
    readers.push_back(std::move(reader));
  }
  INLET_ASSIGN_OR_RETURN(
      auto checkpoints, Connection::Open(file.string(), /*create=*/false, options.busy_timeout_ms));
  INLET_RETURN_IF_ERROR(ConfigureConnection(*checkpoints, options));
  std::unique_ptr<Connection> admission = std::move(readers.back());
  readers.pop_back();
  return std::unique_ptr<Store>(new SqliteStore(std::move(info), std::move(writer),
                                                std::move(readers), std::move(checkpoints),
                                                std::move(admission), options.change_feed));
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  Result<std::unique_ptr<Store>> store = Open(options);
  if (!store.ok()) return store.status().WithContext("open SQLite store");
  return store;
}

int SqliteSchemaVersion() { return LatestSchemaVersion(); }

Status SqliteStore::CheckWritable() {
  return CheckWritableWith(write_health_, probe_mutex_, kWritableCheckAge,
                           [this] { return ProbeWritable(); });
}

// Commits a one-row update: taking the write lock, appending to the WAL and syncing it
// is the whole write path, so success means a real write would succeed right now.
// (BEGIN IMMEDIATE alone only proves the lock is free, not that the disk takes writes.)
Status SqliteStore::ProbeWritable() {
  static constexpr char kSql[] =
      "INSERT INTO writable_probe (id, checked_at) VALUES (1, ?1) "
      "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at";
  std::lock_guard lock(writer_mutex_);
  WriteTransaction tx(*writer_);
  INLET_RETURN_IF_ERROR(tx.Begin("check writable"));
  {
    INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(kSql, "check writable"));
    INLET_RETURN_IF_ERROR(stmt.Bind(1, NowUnixMillis()).Run());
  }
  return tx.Commit("check writable");
}

}  // namespace inlet::store
