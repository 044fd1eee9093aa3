// The PostgreSQL GoldenWriter (private to the store module): the golden-record primitives
// of golden.h over one connection, used only inside a transaction someone else opened
// after LockGoldenWrites (pg_schema.h). Same contract as the SQLite writer
// (golden_writer.h); the schema is pg_schema.cc's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/store/golden.h"
#include "inlet/store/store.h"
#include "store/pg_connection.h"

namespace inlet::store {

class PgGoldenWriter final : public GoldenWriter {
 public:
  // `others_waiting`, when given, answers OthersWaiting (this node's ingestion waits).
  // `change_feed` false: no change is appended (the feed is off).
  // `node`, when given, is this node's name: SaveJob then saves only a job this node still
  // holds, and answers JobTakenOver (jobs.h) for one another node took over.
  explicit PgGoldenWriter(PgConnection& db, std::function<bool()> others_waiting = {},
                          bool change_feed = true, std::string node = {})
      : db_(db),
        others_waiting_(std::move(others_waiting)),
        change_feed_(change_feed),
        node_(std::move(node)) {}

  bool OthersWaiting() const override { return others_waiting_ && others_waiting_(); }

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
  // The expression a golden record's change seq is written as: the feed's next seq, or
  // 0 when the feed is off (no change names the golden record).
  const char* ChangeSeq() const { return change_feed_ ? "nextval('golden_change_seq')" : "0"; }
  // Runs `write`, a statement on golden_records whose rows are the golden records it
  // wrote as (key, id, entity_type, seq, at, merged_into), after `ctes` (other writes of
  // the same statement, each followed by a comma), and appends each row's change while
  // the feed is on. Answers (key, id, entity_type, merged_into) of each row.
  Result<PgResult> WriteGolden(std::string_view ctes, std::string_view write, ChangeOp op,
                               const std::vector<PgParam>& params, std::string_view operation);
  // `select` (columns FROM golden_records WHERE key = $1) of `golden_key`, which exists.
  Result<PgResult> GoldenRow(std::string_view select, std::string_view operation,
                             int64_t golden_key);
  // A PostgreSQL array literal of `items` (text values or NULL), every element quoted so
  // that any text travels as is: a set-based statement's column of rows.
  static std::string ArrayLiteral(const std::vector<PgParam>& items);

  PgConnection& db_;
  const std::function<bool()> others_waiting_;
  const bool change_feed_;
  const std::string node_;
  bool wrote_changes_ = false;
  std::optional<bool> any_keep_apart_;  // read at the first question
};

// One log row (shared with ingestion's commits).
Status PgInsertLogRow(PgConnection& db, int64_t endpoint_key, std::optional<int64_t> receipt_seq,
                      const LogRow& log, int64_t now_ms);

}  // namespace inlet::store
