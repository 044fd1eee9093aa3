// The real store with faults injected on demand, for failure tests: every call goes to
// the wrapped store unless `fail` names its operation, in which case it fails with the
// status given. Never a mock: what is not failed behaves exactly as SQLite does.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "inlet/store/store.h"

namespace inlet::testing {

class FaultyStore final : public store::Store {
 public:
  explicit FaultyStore(store::Store& real) : real_(real) {}

  // Fails every later call of `operation` (the method's name, e.g. "Append") with `status`.
  void Fail(const std::string& operation, Status status) {
    std::lock_guard lock(mutex_);
    operation_ = operation;
    status_ = std::move(status);
    throws_ = false;
  }
  // Makes every later call of `operation` throw, as an exhausted allocator or a bug in a
  // library would.
  void Throw(const std::string& operation) {
    std::lock_guard lock(mutex_);
    operation_ = operation;
    throws_ = true;
  }

  Status InsertToken(const store::TokenRecord& token) override {
    if (auto f = Fault("InsertToken")) return *f;
    return real_.InsertToken(token);
  }
  Result<std::optional<store::TokenRecord>> FindTokenByHash(const Sha256Digest& hash) override {
    if (auto f = Fault("FindTokenByHash")) return *f;
    return real_.FindTokenByHash(hash);
  }
  Result<std::vector<store::TokenRecord>> ListTokens() override {
    if (auto f = Fault("ListTokens")) return *f;
    return real_.ListTokens();
  }
  Status RevokeToken(const std::string& id, int64_t now_ms) override {
    if (auto f = Fault("RevokeToken")) return *f;
    return real_.RevokeToken(id, now_ms);
  }
  Result<int64_t> CountTokens() override {
    if (auto f = Fault("CountTokens")) return *f;
    return real_.CountTokens();
  }
  Result<store::Endpoint> CreateEndpoint(const store::NewEndpoint& endpoint) override {
    if (auto f = Fault("CreateEndpoint")) return *f;
    return real_.CreateEndpoint(endpoint);
  }
  Result<store::Endpoint> GetEndpoint(const std::string& id) override {
    if (auto f = Fault("GetEndpoint")) return *f;
    return real_.GetEndpoint(id);
  }
  Result<std::vector<store::Endpoint>> ListEndpoints(int64_t after_key, int limit) override {
    if (auto f = Fault("ListEndpoints")) return *f;
    return real_.ListEndpoints(after_key, limit);
  }
  Result<store::Endpoint> UpdateEndpoint(const std::string& id,
                                         const store::EndpointChanges& changes) override {
    if (auto f = Fault("UpdateEndpoint")) return *f;
    return real_.UpdateEndpoint(id, changes);
  }
  Status DeleteEndpoint(const std::string& id, bool force) override {
    if (auto f = Fault("DeleteEndpoint")) return *f;
    return real_.DeleteEndpoint(id, force);
  }
  Result<std::vector<store::Group>> ListGroups() override {
    if (auto f = Fault("ListGroups")) return *f;
    return real_.ListGroups();
  }
  Result<std::vector<store::Source>> ListSources() override {
    if (auto f = Fault("ListSources")) return *f;
    return real_.ListSources();
  }
  void Append(store::ReceiptToStore receipt, store::CommitCallback done) override {
    if (auto f = Fault("Append")) return done(*f, 0);
    real_.Append(std::move(receipt), std::move(done));
  }
  void Flush() override { real_.Flush(); }
  Result<std::vector<store::StoredRecord>> ListRecords(const store::RecordQuery& query) override {
    if (auto f = Fault("ListRecords")) return *f;
    return real_.ListRecords(query);
  }
  Result<int64_t> LastRecordSeq() override {
    if (auto f = Fault("LastRecordSeq")) return *f;
    return real_.LastRecordSeq();
  }
  Result<std::vector<store::StoredRecord>> ListRecordsSince(int64_t after, int limit) override {
    if (auto f = Fault("ListRecordsSince")) return *f;
    return real_.ListRecordsSince(after, limit);
  }
  Result<std::vector<store::StoredRecord>> GetRecords(int64_t key,
                                                      const std::vector<int64_t>& seqs) override {
    if (auto f = Fault("GetRecords")) return *f;
    return real_.GetRecords(key, seqs);
  }
  Result<int64_t> CountRecordsAfter(int64_t key, int64_t after) override {
    if (auto f = Fault("CountRecordsAfter")) return *f;
    return real_.CountRecordsAfter(key, after);
  }
  Status ClearRecords(int64_t key) override {
    if (auto f = Fault("ClearRecords")) return *f;
    return real_.ClearRecords(key);
  }
  Result<std::vector<store::Receipt>> ListReceipts(int64_t key, std::optional<int64_t> before,
                                                   int limit) override {
    if (auto f = Fault("ListReceipts")) return *f;
    return real_.ListReceipts(key, before, limit);
  }
  Result<store::Receipt> GetReceipt(const std::string& id) override {
    if (auto f = Fault("GetReceipt")) return *f;
    return real_.GetReceipt(id);
  }
  Result<std::vector<store::StoredLogRow>> ListLogs(const store::LogQuery& query) override {
    if (auto f = Fault("ListLogs")) return *f;
    return real_.ListLogs(query);
  }
  Status PurgeLogs(int64_t key) override {
    if (auto f = Fault("PurgeLogs")) return *f;
    return real_.PurgeLogs(key);
  }
  Result<std::optional<store::IdempotentAnswer>> FindIdempotentAnswer(
      int64_t key, const std::string& idempotency_key) override {
    if (auto f = Fault("FindIdempotentAnswer")) return *f;
    return real_.FindIdempotentAnswer(key, idempotency_key);
  }
  Status Prune(const store::PruneBefore& before) override {
    if (auto f = Fault("Prune")) return *f;
    return real_.Prune(before);
  }
  Result<std::vector<store::Snapshot>> LoadFieldProfiles() override {
    if (auto f = Fault("LoadFieldProfiles")) return *f;
    return real_.LoadFieldProfiles();
  }
  Status SaveFieldProfile(const store::Snapshot& snapshot) override {
    if (auto f = Fault("SaveFieldProfile")) return *f;
    return real_.SaveFieldProfile(snapshot);
  }
  Status RunGoldenSlice(const std::function<Status(store::GoldenWriter&)>& work) override {
    if (auto f = Fault("RunGoldenSlice")) return *f;
    return real_.RunGoldenSlice(work);
  }
  Result<std::optional<store::GoldenRecord>> GetGoldenRecord(
      const std::string& id, const store::PartIndexesOf& named_parts) override {
    if (auto f = Fault("GetGoldenRecord")) return *f;
    return real_.GetGoldenRecord(id, named_parts);
  }
  Result<std::optional<std::vector<store::GoldenPartRef>>> GoldenParts(const std::string& id,
                                                                       std::optional<int64_t> after,
                                                                       int limit) override {
    if (auto f = Fault("GoldenParts")) return *f;
    return real_.GoldenParts(id, after, limit);
  }
  Result<std::optional<std::vector<std::string>>> GoldenCodes(
      const std::string& id, const std::optional<std::string>& after, int limit) override {
    if (auto f = Fault("GoldenCodes")) return *f;
    return real_.GoldenCodes(id, after, limit);
  }
  Result<std::vector<store::GoldenRecord>> ListGoldenRecords(
      const store::GoldenQuery& query) override {
    if (auto f = Fault("ListGoldenRecords")) return *f;
    return real_.ListGoldenRecords(query);
  }
  Result<std::vector<store::GoldenEdgeOut>> OutgoingEdges(int64_t golden_key) override {
    if (auto f = Fault("OutgoingEdges")) return *f;
    return real_.OutgoingEdges(golden_key);
  }
  Result<std::vector<store::GoldenEdgeIn>> IncomingEdges(int64_t golden_key) override {
    if (auto f = Fault("IncomingEdges")) return *f;
    return real_.IncomingEdges(golden_key);
  }
  Result<std::vector<store::RecordOutcomeRef>> ReceiptOutcomes(const store::RecordRange& records,
                                                               std::optional<int64_t> after_seq,
                                                               int limit) override {
    if (auto f = Fault("ReceiptOutcomes")) return *f;
    return real_.ReceiptOutcomes(records, after_seq, limit);
  }
  Result<store::ChangePage> ReadChanges(const store::ChangeQuery& query) override {
    if (auto f = Fault("ReadChanges")) return *f;
    return real_.ReadChanges(query);
  }
  Result<int64_t> LatestChangeSeq() override {
    if (auto f = Fault("LatestChangeSeq")) return *f;
    return real_.LatestChangeSeq();
  }
  void SetChangeListener(std::function<void()> listener) override {
    real_.SetChangeListener(std::move(listener));
  }
  Result<std::optional<store::GoldenHistory>> ReadGoldenHistory(const std::string& id,
                                                                std::optional<int64_t> after_seq,
                                                                int limit) override {
    if (auto f = Fault("ReadGoldenHistory")) return *f;
    return real_.ReadGoldenHistory(id, after_seq, limit);
  }
  Result<std::vector<store::KeepApartRule>> ListKeepApart(std::optional<int64_t> after_seq,
                                                          int limit) override {
    if (auto f = Fault("ListKeepApart")) return *f;
    return real_.ListKeepApart(after_seq, limit);
  }
  Status DeleteKeepApart(const std::string& id) override {
    if (auto f = Fault("DeleteKeepApart")) return *f;
    return real_.DeleteKeepApart(id);
  }
  Status InsertJob(const store::Job& job) override {
    if (auto f = Fault("InsertJob")) return *f;
    return real_.InsertJob(job);
  }
  Result<store::Job> GetJob(const std::string& job_id) override {
    if (auto f = Fault("GetJob")) return *f;
    return real_.GetJob(job_id);
  }
  Result<std::optional<store::Job>> ActiveJob(int64_t endpoint_key) override {
    if (auto f = Fault("ActiveJob")) return *f;
    return real_.ActiveJob(endpoint_key);
  }
  Result<std::vector<store::Job>> ListJobs(int64_t endpoint_key, std::optional<int64_t> before_seq,
                                           int limit) override {
    if (auto f = Fault("ListJobs")) return *f;
    return real_.ListJobs(endpoint_key, before_seq, limit);
  }
  Result<int64_t> FailInterruptedJobs(int64_t now_ms, const std::string& message) override {
    if (auto f = Fault("FailInterruptedJobs")) return *f;
    return real_.FailInterruptedJobs(now_ms, message);
  }
  bool SharedByNodes() const override { return real_.SharedByNodes(); }
  Result<std::optional<store::Job>> TakeOverJob() override {
    if (auto f = Fault("TakeOverJob")) return *f;
    return real_.TakeOverJob();
  }
  Status ReleaseJobs() override {
    if (auto f = Fault("ReleaseJobs")) return *f;
    return real_.ReleaseJobs();
  }
  Status CheckWritable() override {
    if (auto f = Fault("CheckWritable")) return *f;
    return real_.CheckWritable();
  }
  store::StoreInfo Info() const override { return real_.Info(); }

 private:
  std::optional<Status> Fault(const std::string& operation) {
    std::lock_guard lock(mutex_);
    if (operation_ != operation) return std::nullopt;
    if (throws_) throw std::runtime_error("injected into " + operation);
    return status_;
  }

  store::Store& real_;
  std::mutex mutex_;
  std::string operation_;
  Status status_;
  bool throws_ = false;
};

}  // namespace inlet::testing
