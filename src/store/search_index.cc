#include "inlet/store/search_index.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "inlet/common/catch_all.h"
#include "inlet/common/search_text.h"
#include "store/database_file.h"
#include "store/search_words.h"
#include "store/sqlite_connection.h"

namespace inlet::store {
namespace {

constexpr int kIndexBatch = 5000;

// One contentless FTS5 table per endpoint: searches never scan other endpoints' terms,
// and clearing an endpoint is a DROP. The name holds only our own integer key.
std::string TableName(int64_t endpoint_key) { return "ft_" + std::to_string(endpoint_key); }

// Every word as a quoted FTS5 string, so user input cannot form FTS5 syntax (a stray
// quote, AND, NEAR( or a column filter would be an error or change the search otherwise).
std::string MatchExpression(std::string_view query) {
  std::string expression;
  for (std::string_view word : QueryWords(query)) {
    expression += expression.empty() ? "\"" : " \"";
    for (char c : word) {
      if (c == '"') expression.push_back('"');
      expression.push_back(c);
    }
    expression.push_back('"');
  }
  return expression;
}

class SqliteSearchIndex final : public SearchIndex {
 public:
  SqliteSearchIndex(Store& store, std::unique_ptr<Connection> writer,
                    std::unique_ptr<Connection> reader, int poll_ms)
      : store_(store), writer_(std::move(writer)), reader_(std::move(reader)), poll_ms_(poll_ms) {}

  ~SqliteSearchIndex() override {
    {
      std::lock_guard lock(wake_mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (follower_.joinable()) follower_.join();
  }

  Status Start() {
    INLET_RETURN_IF_ERROR(writer_->Exec(
        "CREATE TABLE IF NOT EXISTS search_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "create search meta"));
    INLET_ASSIGN_OR_RETURN(
        auto stmt, writer_->Prepare(
                       "SELECT COALESCE(MAX(value), 0) FROM search_meta WHERE name = 'indexed_seq'",
                       "read search watermark"));
    INLET_ASSIGN_OR_RETURN(auto row, stmt.Step());
    indexed_seq_ = row ? stmt.Int(0) : 0;
    INLET_RETURN_IF_ERROR(stmt.Run());
    INLET_ASSIGN_OR_RETURN(
        auto tables,
        writer_->Prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'ft_[0-9]*' "
            "AND name NOT GLOB 'ft_*_*'",
            "list search tables"));
    for (;;) {
      INLET_ASSIGN_OR_RETURN(auto next, tables.Step());
      if (!next) break;
      tables_.insert(std::stoll(tables.Text(0).substr(3)));
    }
    follower_ = std::thread([this] { Follow(); });
    return Status::Ok();
  }

  Result<std::vector<int64_t>> Search(int64_t endpoint_key, std::string_view query,
                                      std::optional<int64_t> before_seq, int limit) override {
    std::string expression = MatchExpression(query);
    std::vector<int64_t> seqs;
    if (expression.empty()) return seqs;
    std::lock_guard lock(reader_mutex_);
    // Without a table nothing of this endpoint has been indexed yet (or it was cleared).
    // Asked before reading: a table committed while this search runs is one it may not
    // see, and that is no error.
    const bool has_table = HasTable(endpoint_key);
    std::string sql = "SELECT rowid FROM " + TableName(endpoint_key) + " WHERE " +
                      TableName(endpoint_key) +
                      " MATCH ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3";
    Result<Statement> stmt = reader_->Prepare(sql, "search records");
    if (!stmt.ok()) {
      if (has_table) return stmt.status();
      return seqs;
    }
    stmt->Bind(1, expression).Bind(2, before_seq.value_or(INT64_MAX)).Bind(3, limit);
    for (;;) {
      Result<bool> row = stmt->Step();
      if (!row.ok()) {
        if (has_table) return row.status();
        return std::vector<int64_t>();
      }
      if (!*row) break;
      seqs.push_back(stmt->Int(0));
    }
    return seqs;
  }

  Result<int64_t> Lag(int64_t endpoint_key) override {
    return store_.CountRecordsAfter(endpoint_key, indexed_seq_.load());
  }

  Status Drop(int64_t endpoint_key) override {
    std::lock_guard lock(writer_mutex_);
    tables_.erase(endpoint_key);
    std::string sql = "DROP TABLE IF EXISTS " + TableName(endpoint_key);
    return writer_->Exec(sql.c_str(), "drop search table");
  }

 private:
  bool HasTable(int64_t endpoint_key) {
    std::lock_guard lock(writer_mutex_);
    return tables_.count(endpoint_key) > 0;
  }

  void Follow() {
    // Indexing takes as much CPU as storing the records, and a 200 never waits for it:
    // the lowest priority lets it use what ingestion leaves and catch up when the
    // burst is over, instead of halving the rate of the burst (Lag says how far behind).
    if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19) != 0) {
      spdlog::debug("search index: cannot lower the follower's priority");
    }
    std::unique_lock wake_lock(wake_mutex_);
    while (!stopping_) {
      wake_lock.unlock();
      // A failed batch is tried again after the poll interval.
      Result<int> indexed = CatchAll("index records", [this] { return IndexNext(); });
      wake_lock.lock();
      if (!indexed.ok()) {
        spdlog::warn("search index: {}", indexed.status().message());
      }
      if (!indexed.ok() || *indexed < kIndexBatch) {
        wake_.wait_for(wake_lock, std::chrono::milliseconds(poll_ms_));
      }
    }
  }

  // Indexes the next batch of new records; returns how many.
  Result<int> IndexNext() {
    INLET_ASSIGN_OR_RETURN(auto records, store_.ListRecordsSince(indexed_seq_.load(), kIndexBatch));
    if (records.empty()) return 0;
    std::lock_guard lock(writer_mutex_);
    WriteTransaction tx(*writer_);
    INLET_RETURN_IF_ERROR(tx.Begin("index records"));
    // Known to searches (and to later batches) only once committed: before, a search
    // would not find the table and fail, and after a rollback no batch would make it.
    std::set<int64_t> created;
    for (const auto& record : records) {
      if (!tables_.count(record.endpoint_key) && !created.count(record.endpoint_key)) {
        std::string create = "CREATE VIRTUAL TABLE IF NOT EXISTS " +
                             TableName(record.endpoint_key) +
                             " USING fts5(body, content='', tokenize='unicode61 "
                             "remove_diacritics 2')";
        INLET_RETURN_IF_ERROR(writer_->Exec(create.c_str(), "create search table"));
        created.insert(record.endpoint_key);
      }
      std::string insert =
          "INSERT INTO " + TableName(record.endpoint_key) + " (rowid, body) VALUES (?1, ?2)";
      INLET_ASSIGN_OR_RETURN(auto stmt, writer_->Prepare(insert, "index record"));
      INLET_RETURN_IF_ERROR(stmt.Bind(1, record.seq).Bind(2, SearchableText(record.data)).Run());
    }
    int64_t last = records.back().seq;
    INLET_ASSIGN_OR_RETURN(
        auto mark,
        writer_->Prepare("INSERT INTO search_meta (name, value) VALUES ('indexed_seq', ?1) "
                         "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                         "keep search watermark"));
    INLET_RETURN_IF_ERROR(mark.Bind(1, last).Run());
    INLET_RETURN_IF_ERROR(tx.Commit("index records"));
    tables_.insert(created.begin(), created.end());
    indexed_seq_ = last;
    return static_cast<int>(records.size());
  }

  Store& store_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::set<int64_t> tables_;  // guarded by writer_mutex_
  std::mutex reader_mutex_;
  std::unique_ptr<Connection> reader_;
  int poll_ms_;
  std::atomic<int64_t> indexed_seq_{0};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread follower_;
};

}  // namespace

namespace {

Result<std::unique_ptr<SearchIndex>> OpenIndexFile(const std::string& path, Store& store,
                                                   int poll_ms) {
  INLET_RETURN_IF_ERROR(CheckDatabaseFile(path));
  INLET_ASSIGN_OR_RETURN(auto writer, Connection::Open(path, /*create=*/true, 5000));
  // Derived data, rebuilt from the records if lost: it need not survive power loss.
  INLET_RETURN_IF_ERROR(writer->PragmaText("PRAGMA journal_mode = WAL", "search WAL").status());
  INLET_RETURN_IF_ERROR(writer->Exec("PRAGMA synchronous = NORMAL", "search synchronous"));
  INLET_ASSIGN_OR_RETURN(auto reader, Connection::Open(path, /*create=*/false, 5000));
  auto index =
      std::make_unique<SqliteSearchIndex>(store, std::move(writer), std::move(reader), poll_ms);
  INLET_RETURN_IF_ERROR(index->Start());
  return std::unique_ptr<SearchIndex>(std::move(index));
}

}  // namespace

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const std::string& data_dir, Store& store,
                                                       int poll_ms) {
  const std::string path = (std::filesystem::path(data_dir) / "search.db").string();
  auto index = OpenIndexFile(path, store, poll_ms);
  if (index.ok()) return index;
  // On a full disk a new file could not be made either, and deleting the old one would
  // only lose it.
  if (index.status().code() == StatusCode::kStorageFull) {
    return index.status().WithContext("open search index " + path);
  }
  // Derived data: a file that cannot be used is rebuilt from the records rather than
  // keep the server from starting.
  spdlog::warn("search index: {} cannot be used ({}); deleting it and indexing every record again",
               path, index.status().message());
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    std::filesystem::remove(path + suffix, ec);
    if (ec) {
      return Status::Unavailable("storage-unavailable", "open search index: cannot delete " + path +
                                                            suffix + ": " + ec.message());
    }
  }
  index = OpenIndexFile(path, store, poll_ms);
  if (!index.ok()) return index.status().WithContext("open search index " + path);
  return index;
}

}  // namespace inlet::store
