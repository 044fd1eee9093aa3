// The SQLite implementation of Store, private to the store module. Its methods are split
// by subject: sqlite_store.cc (opening, operations), token_queries.cc,
// endpoint_queries.cc, ingest_queries.cc, golden_queries.cc, golden_rules_queries.cc
// (history, keep-apart rules), job_queries.cc; the group commit lives in
// append_writer.cc, the golden-record primitives in golden_writer.cc and
// golden_writer_rules.cc.
//
// Concurrency: one writer connection behind `writer_mutex_` serializes this process's
// writes (SQLite allows one writer per database anyway); reads take a connection from
// the pool and run as single autocommit statements, so each read sees every commit made
// before it started, by this process or another (e.g. the CLI revoking a token). The
// admission look-ups (FindTokenByHash, GetEndpoint: one indexed row each) have a
// connection of their own instead, which no slow read ever holds: the socket threads
// that make them never wait for the pool behind searches, counts or long lists.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "inlet/store/store.h"
#include "store/append_writer.h"
#include "store/change_signal.h"
#include "store/checkpointer.h"
#include "store/reader_pool.h"
#include "store/sqlite_connection.h"
#include "store/write_health.h"
#include "store/writer_mutex.h"

namespace inlet::store {

class SqliteStore final : public Store {
 public:
  // `checkpoints`: a connection of the checkpointer's own; `admission`: a read-only one
  // for the admission look-ups.
  // `change_feed` false: golden-record writes append no changes (SqliteOptions).
  SqliteStore(StoreInfo info, std::unique_ptr<Connection> writer,
              std::vector<std::unique_ptr<Connection>> readers,
              std::unique_ptr<Connection> checkpoints, std::unique_ptr<Connection> admission,
              bool change_feed)
      : info_(std::move(info)),
        change_feed_(change_feed),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        admission_(std::move(admission)),
        checkpointer_(*writer_, std::move(checkpoints), kCheckpointPages),
        append_writer_(*writer_, writer_mutex_, write_health_, change_signal_, change_feed) {}

  Status InsertToken(const TokenRecord& token) override;
  Result<std::optional<TokenRecord>> FindTokenByHash(const Sha256Digest& hash) override;
  Result<std::vector<TokenRecord>> ListTokens() override;
  Status RevokeToken(const std::string& token_id, int64_t now_ms) override;
  Result<int64_t> CountTokens() override;

  Result<Endpoint> CreateEndpoint(const NewEndpoint& endpoint) override;
  Result<Endpoint> GetEndpoint(const std::string& endpoint_id) override;
  Result<std::vector<Endpoint>> ListEndpoints(int64_t after_key, int limit) override;
  Result<Endpoint> UpdateEndpoint(const std::string& endpoint_id,
                                  const EndpointChanges& changes) override;
  Status DeleteEndpoint(const std::string& endpoint_id, bool force) override;
  Result<std::vector<Group>> ListGroups() override;
  Result<std::vector<Source>> ListSources() override;

  void Append(ReceiptToStore receipt, CommitCallback done) override {
    append_writer_.Submit(std::move(receipt), std::move(done));
  }
  void Flush() override { append_writer_.Flush(); }
  Result<std::vector<StoredRecord>> ListRecords(const RecordQuery& query) override;
  Status ClearRecords(int64_t endpoint_key) override;
  Result<std::vector<StoredRecord>> ListRecordsSince(int64_t after_seq, int limit) override;
  Result<int64_t> LastRecordSeq() override;
  Result<std::vector<StoredRecord>> GetRecords(int64_t endpoint_key,
                                               const std::vector<int64_t>& seqs) override;
  Result<int64_t> CountRecordsAfter(int64_t endpoint_key, int64_t after_seq) override;
  Result<std::vector<Receipt>> ListReceipts(int64_t endpoint_key, std::optional<int64_t> before_seq,
                                            int limit) override;
  Result<Receipt> GetReceipt(const std::string& receipt_id) override;
  Result<std::vector<StoredLogRow>> ListLogs(const LogQuery& query) override;
  Status PurgeLogs(int64_t endpoint_key) override;
  Result<std::optional<IdempotentAnswer>> FindIdempotentAnswer(int64_t endpoint_key,
                                                               const std::string& key) override;
  Status Prune(const PruneBefore& before) override;
  Result<std::vector<Snapshot>> LoadFieldProfiles() override;
  Status SaveFieldProfile(const Snapshot& snapshot) override;

  Status RunGoldenSlice(const std::function<Status(GoldenWriter&)>& work) override;
  Result<std::optional<GoldenRecord>> GetGoldenRecord(const std::string& id,
                                                      const PartIndexesOf& named_parts) override;
  Result<std::optional<std::vector<GoldenPartRef>>> GoldenParts(const std::string& id,
                                                                std::optional<int64_t> after,
                                                                int limit) override;
  Result<std::optional<std::vector<std::string>>> GoldenCodes(
      const std::string& id, const std::optional<std::string>& after, int limit) override;
  Result<std::vector<GoldenRecord>> ListGoldenRecords(const GoldenQuery& query) override;
  Result<std::vector<GoldenEdgeOut>> OutgoingEdges(int64_t golden_key) override;
  Result<std::vector<GoldenEdgeIn>> IncomingEdges(int64_t golden_key) override;
  Result<std::vector<RecordOutcomeRef>> ReceiptOutcomes(const RecordRange& records,
                                                        std::optional<int64_t> after_seq,
                                                        int limit) override;
  Result<ChangePage> ReadChanges(const ChangeQuery& query) override;
  Result<int64_t> LatestChangeSeq() override;
  void SetChangeListener(std::function<void()> listener) override {
    change_signal_.Listen(std::move(listener));
  }
  Result<std::optional<GoldenHistory>> ReadGoldenHistory(const std::string& id,
                                                         std::optional<int64_t> after_seq,
                                                         int limit) override;
  Result<std::vector<KeepApartRule>> ListKeepApart(std::optional<int64_t> after_seq,
                                                   int limit) override;
  Status DeleteKeepApart(const std::string& id) override;
  Status InsertJob(const Job& job) override;
  Result<Job> GetJob(const std::string& job_id) override;
  Result<std::optional<Job>> ActiveJob(int64_t endpoint_key) override;
  Result<std::vector<Job>> ListJobs(int64_t endpoint_key, std::optional<int64_t> before_seq,
                                    int limit) override;
  Result<int64_t> FailInterruptedJobs(int64_t now_ms, const std::string& message) override;
  bool SharedByNodes() const override { return false; }
  Result<std::optional<Job>> TakeOverJob() override;
  Status ReleaseJobs() override;

  Status CheckWritable() override;
  StoreInfo Info() const override { return info_; }

 private:
  // Writes a row at most this often for CheckWritable(): a commit or probe younger than
  // this answers it.
  static constexpr std::chrono::seconds kWritableCheckAge{1};
  Status ProbeWritable();

  const StoreInfo info_;
  const bool change_feed_;
  WriterMutex writer_mutex_;
  WriteHealth write_health_;
  std::mutex probe_mutex_;              // one probe at a time
  std::unique_ptr<Connection> writer_;  // guarded by writer_mutex_
  ReaderPool readers_;
  std::mutex admission_mutex_;
  std::unique_ptr<Connection> admission_;  // guarded by admission_mutex_
  // Copying every 10,000 WAL pages rather than SQLite's 1,000 writes a page that many
  // commits changed back once, not once per commit.
  static constexpr int kCheckpointPages = 10000;
  Checkpointer checkpointer_;  // after the writer's last commit, before it closes
  ChangeSignal change_signal_;
  // Last: destroyed first, so queued commits finish while the connection is open.
  AppendWriter append_writer_;
};

// Deletes the keep-apart rules that name a record of the endpoint (its deletion).
Status DeleteRulesNaming(Connection& db, int64_t endpoint_key);

}  // namespace inlet::store
