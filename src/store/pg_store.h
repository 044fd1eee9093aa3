// The PostgreSQL implementation of Store, private to the store module. Methods are split
// by subject: pg_store.cc (opening, slices, operations), pg_ingest_queries.cc (records,
// receipts, logs, idempotency keys, field profiles), pg_job_queries.cc; tokens and
// endpoints live in PgTokenStore and PgEndpointStore, golden-record reads in
// PgGoldenReads, the group commit in PgAppendWriter; this class forwards to them.
//
// Concurrency: every read and write takes a connection from one pool; ingestion's group
// commit has its own, and the admission look-ups (token by hash, endpoint by id) a pool
// of their own, so a request's token check never waits behind slow reads. Several nodes write at
// once: the database, not this process, serializes what must be serialized (store_meta's
// 'record_seq' row for record seqs, the golden-writes advisory lock for golden records, unique
// constraints for names, keys and one active job per endpoint).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "inlet/store/postgres_store.h"
#include "inlet/store/store.h"
#include "store/change_signal.h"
#include "store/pg_append_writer.h"
#include "store/pg_endpoint_store.h"
#include "store/pg_golden_reads.h"
#include "store/pg_job_leases.h"
#include "store/pg_pool.h"
#include "store/pg_token_store.h"
#include "store/write_health.h"

namespace inlet::store {

class PgStore final : public Store {
 public:
  PgStore(StoreInfo info, const std::string& url, std::shared_ptr<PgPool> pool,
          std::shared_ptr<PgPool> admission, std::unique_ptr<PgConnection> committer,
          const PostgresOptions& options)
      : info_(std::move(info)),
        change_feed_(options.change_feed),
        pool_(pool),
        leases_(pool, options.node, options.lease_ms),
        tokens_(pool),
        endpoints_(pool),
        admission_tokens_(admission),
        admission_endpoints_(admission),
        golden_reads_(pool),
        append_writer_(url, options.lock_timeout_ms, std::move(committer), write_health_,
                       change_signal_, options.change_feed) {}

  Status InsertToken(const TokenRecord& token) override { return tokens_.InsertToken(token); }
  Result<std::optional<TokenRecord>> FindTokenByHash(const Sha256Digest& hash) override {
    return admission_tokens_.FindTokenByHash(hash);
  }
  Result<std::vector<TokenRecord>> ListTokens() override { return tokens_.ListTokens(); }
  Status RevokeToken(const std::string& token_id, int64_t now_ms) override {
    return tokens_.RevokeToken(token_id, now_ms);
  }
  Result<int64_t> CountTokens() override { return tokens_.CountTokens(); }

  Result<Endpoint> CreateEndpoint(const NewEndpoint& endpoint) override {
    return endpoints_.CreateEndpoint(endpoint);
  }
  Result<Endpoint> GetEndpoint(const std::string& endpoint_id) override {
    return admission_endpoints_.GetEndpoint(endpoint_id);
  }
  Result<std::vector<Endpoint>> ListEndpoints(int64_t after_key, int limit) override {
    return endpoints_.ListEndpoints(after_key, limit);
  }
  Result<Endpoint> UpdateEndpoint(const std::string& endpoint_id,
                                  const EndpointChanges& changes) override {
    return endpoints_.UpdateEndpoint(endpoint_id, changes);
  }
  Status DeleteEndpoint(const std::string& endpoint_id, bool force) override {
    return endpoints_.DeleteEndpoint(endpoint_id, force);
  }
  Result<std::vector<Group>> ListGroups() override { return endpoints_.ListGroups(); }
  Result<std::vector<Source>> ListSources() override { return endpoints_.ListSources(); }

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
                                                      const PartIndexesOf& named_parts) override {
    return golden_reads_.GetGoldenRecord(id, named_parts);
  }
  Result<std::optional<std::vector<GoldenPartRef>>> GoldenParts(const std::string& id,
                                                                std::optional<int64_t> after,
                                                                int limit) override {
    return golden_reads_.GoldenParts(id, after, limit);
  }
  Result<std::optional<std::vector<std::string>>> GoldenCodes(
      const std::string& id, const std::optional<std::string>& after, int limit) override {
    return golden_reads_.GoldenCodes(id, after, limit);
  }
  Result<std::vector<GoldenRecord>> ListGoldenRecords(const GoldenQuery& query) override {
    return golden_reads_.ListGoldenRecords(query);
  }
  Result<std::vector<GoldenEdgeOut>> OutgoingEdges(int64_t golden_key) override {
    return golden_reads_.OutgoingEdges(golden_key);
  }
  Result<std::vector<GoldenEdgeIn>> IncomingEdges(int64_t golden_key) override {
    return golden_reads_.IncomingEdges(golden_key);
  }
  Result<std::vector<RecordOutcomeRef>> ReceiptOutcomes(const RecordRange& records,
                                                        std::optional<int64_t> after_seq,
                                                        int limit) override {
    return golden_reads_.ReceiptOutcomes(records, after_seq, limit);
  }
  Result<ChangePage> ReadChanges(const ChangeQuery& query) override {
    if (!change_feed_) return ChangeFeedOff();
    return golden_reads_.ReadChanges(query);
  }
  Result<int64_t> LatestChangeSeq() override { return golden_reads_.LatestChangeSeq(); }
  void SetChangeListener(std::function<void()> listener) override {
    change_signal_.Listen(std::move(listener));
  }
  Result<std::optional<GoldenHistory>> ReadGoldenHistory(const std::string& id,
                                                         std::optional<int64_t> after_seq,
                                                         int limit) override {
    return golden_reads_.ReadGoldenHistory(id, after_seq, limit);
  }
  Result<std::vector<KeepApartRule>> ListKeepApart(std::optional<int64_t> after_seq,
                                                   int limit) override {
    return golden_reads_.ListKeepApart(after_seq, limit);
  }
  Status DeleteKeepApart(const std::string& id) override {
    return golden_reads_.DeleteKeepApart(id);
  }

  Status InsertJob(const Job& job) override;
  Result<Job> GetJob(const std::string& job_id) override;
  Result<std::optional<Job>> ActiveJob(int64_t endpoint_key) override;
  Result<std::vector<Job>> ListJobs(int64_t endpoint_key, std::optional<int64_t> before_seq,
                                    int limit) override;
  Result<int64_t> FailInterruptedJobs(int64_t now_ms, const std::string& message) override;
  bool SharedByNodes() const override { return true; }
  Result<std::optional<Job>> TakeOverJob() override;
  Status ReleaseJobs() override;

  Status CheckWritable() override;
  StoreInfo Info() const override { return info_; }

 private:
  // A commit or probe younger than this answers CheckWritable().
  static constexpr std::chrono::seconds kWritableCheckAge{1};
  Status ProbeWritable();

  const StoreInfo info_;
  const bool change_feed_;
  std::shared_ptr<PgPool> pool_;
  PgJobLeases leases_;
  PgTokenStore tokens_;
  PgEndpointStore endpoints_;
  PgTokenStore admission_tokens_;
  PgEndpointStore admission_endpoints_;
  PgGoldenReads golden_reads_;
  WriteHealth write_health_;
  std::mutex probe_mutex_;  // one probe at a time
  ChangeSignal change_signal_;
  // Last: destroyed first, so queued commits finish while the rest is there.
  PgAppendWriter append_writer_;
};

}  // namespace inlet::store
