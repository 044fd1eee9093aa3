// The SQLite GoldenWriter (private to the store module): the golden-record primitives
// over the writer connection, used only inside a transaction someone else opened.
#pragma once

#include <initializer_list>
#include <string>

#include "inlet/store/golden.h"
#include "inlet/store/store.h"
#include "store/sqlite_connection.h"
#include "store/writer_mutex.h"

namespace inlet::store {

class SqliteGoldenWriter final : public GoldenWriter {
 public:
  // `mutex`, when given, is the one the caller holds for `db`: OthersWaiting asks it.
  // `change_feed` false: no change is appended (the feed is off).
  explicit SqliteGoldenWriter(Connection& db, const WriterMutex* mutex = nullptr,
                              bool change_feed = true)
      : db_(db), mutex_(mutex), change_feed_(change_feed) {}

  bool OthersWaiting() const override { return mutex_ != nullptr && mutex_->contended(); }

  Result<std::optional<int64_t>> FindCode(const std::string& code) override;
  Result<std::vector<std::string>> CodesOf(int64_t golden_key) override;
  Status SetCode(const std::string& code, int64_t golden_key) override;
  Status DeleteCodesOf(int64_t golden_key) override;
  Result<bool> HasIncomingEdges(const std::string& code) override;

  Result<GoldenHead> CreateGolden(const std::string& entity_type,
                                  const GoldenState& state) override;
  Result<GoldenHead> GetGolden(int64_t golden_key) override;
  Result<std::string> GoldenDocumentOf(int64_t golden_key) override;
  Status SaveGolden(const GoldenState& state) override;
  Status DeleteGolden(int64_t golden_key, int64_t now_ms) override;
  Status MergeGolden(int64_t from, int64_t into, int64_t now_ms) override;

  Result<bool> GoldenHoldsClue(int64_t golden_key, int64_t endpoint_key,
                               const std::string& clue_hash) override;
  Result<std::optional<DataPart>> FindPart(int64_t endpoint_key, int64_t record_seq) override;
  Result<std::vector<PartHash>> PartHashes(int64_t endpoint_key, int64_t first_seq,
                                           int64_t last_seq) override;
  Result<std::vector<DataPart>> PartsOf(int64_t golden_key) override;
  Status PutPart(DataPart& part) override;
  Status MovePart(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) override;
  Status SetPartSourceHash(int64_t endpoint_key, int64_t record_seq,
                           const std::string& source_hash) override;
  Status DeletePart(const DataPart& part) override;
  Result<std::vector<DataPart>> PartsOfEndpoint(int64_t endpoint_key, int64_t first_seq,
                                                int64_t last_seq, int limit) override;

  Status PutOutcomes(const std::vector<OutcomeToStore>& outcomes) override;
  Status DeleteOutcomes(int64_t endpoint_key, int64_t first_seq, int64_t last_seq) override;
  Status RecountReceipts(int64_t endpoint_key, int64_t first_seq, int64_t last_seq,
                         bool processed) override;
  Status SetReceiptResponse(int64_t receipt_seq, const std::string& response) override;
  Status UpdateEndpointProgress(int64_t endpoint_key, int64_t part_count_delta,
                                std::optional<EndpointStatus> status,
                                std::optional<int64_t> processed_through_seq) override;
  Status AddLog(int64_t endpoint_key, std::optional<int64_t> receipt_seq, const LogRow& log,
                int64_t now_ms) override;
  Status SaveJob(const Job& job) override;

  Status AppendHistory(int64_t golden_key, int64_t now_ms, const std::string& job_id,
                       const std::string& events) override;
  Status SetOutcomeGolden(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) override;
  Result<bool> AnyKeepApart() override;
  Result<bool> KeptApart(const std::string& code, int64_t golden_key) override;
  Result<bool> KeptApart(int64_t golden_a, int64_t golden_b) override;
  Result<std::string> AddKeepApart(const KeepApartSide& taken_out, const KeepApartSide& stays,
                                   const std::vector<DataPart>& parts, const std::string& job_id,
                                   int64_t now_ms) override;

  // True once this writer has appended to the change feed: its commit wakes the feed's
  // waiting readers.
  bool wrote_changes() const { return wrote_changes_; }

 private:
  Result<Statement> GoldenRow(const char* select, const char* what, int64_t golden_key);
  Result<int64_t> NextChangeSeq();
  // kept_apart_parts follows the part writes while rules exist (golden_writer_rules.cc).
  // Notes `part` when a rule names its primary code (`always`: without asking).
  Status TrackKeptApartPart(const DataPart& part, bool always = false);
  // Runs `sql` (an update or delete of kept_apart_parts) with `values` bound in order.
  Status FollowKeptApartParts(const char* sql, std::initializer_list<int64_t> values);
  Status AppendChange(int64_t seq, ChangeOp op, int64_t golden_key, const std::string& id,
                      const std::string& entity_type, const std::string& merged_into,
                      int64_t now_ms);

  Connection& db_;
  const WriterMutex* mutex_;
  const bool change_feed_;
  std::optional<int64_t> last_change_seq_;  // read at the first change
  bool wrote_changes_ = false;
  std::optional<bool> any_keep_apart_;  // read at the first question
};

// One log row (shared with ingestion's commits).
Status InsertLogRow(Connection& db, int64_t endpoint_key, std::optional<int64_t> receipt_seq,
                    const LogRow& log, int64_t now_ms);

// The highest change seq ever handed out, those retention removed included (0 before the
// first): a consumer's cursor must never see a seq again.
Result<int64_t> ChangeFeedEnd(Connection& db);

// The first 16 bytes of a hex SHA-256, as a part stores its clue and source hashes.
std::string HashKey(const std::string& hex);

}  // namespace inlet::store
