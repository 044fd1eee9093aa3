// Golden records as clients read them from PostgreSQL (private to the store module): the
// read side of GoldenStore (golden.h), with the SQLite store's contract
// (golden_queries.cc, golden_rules_queries.cc). PgStore forwards to it. Each read runs on
// a pooled connection as single statements or one read-only transaction; none waits for
// golden-record writes (MVCC). DeleteKeepApart writes, under LockGoldenWrites.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inlet/store/golden.h"
#include "store/pg_pool.h"

namespace inlet::store {

class PgGoldenReads {
 public:
  explicit PgGoldenReads(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

  Result<std::optional<GoldenRecord>> GetGoldenRecord(const std::string& id,
                                                      const PartIndexesOf& named_parts);
  Result<std::optional<std::vector<GoldenPartRef>>> GoldenParts(const std::string& id,
                                                                std::optional<int64_t> after,
                                                                int limit);
  Result<std::optional<std::vector<std::string>>> GoldenCodes(
      const std::string& id, const std::optional<std::string>& after, int limit);
  Result<std::vector<GoldenRecord>> ListGoldenRecords(const GoldenQuery& query);
  Result<std::vector<GoldenEdgeOut>> OutgoingEdges(int64_t golden_key);
  Result<std::vector<GoldenEdgeIn>> IncomingEdges(int64_t golden_key);
  Result<std::vector<RecordOutcomeRef>> ReceiptOutcomes(const RecordRange& records,
                                                        std::optional<int64_t> after_seq,
                                                        int limit);
  Result<ChangePage> ReadChanges(const ChangeQuery& query);
  Result<int64_t> LatestChangeSeq();
  Result<std::optional<GoldenHistory>> ReadGoldenHistory(const std::string& id,
                                                         std::optional<int64_t> after_seq,
                                                         int limit);
  Result<std::vector<KeepApartRule>> ListKeepApart(std::optional<int64_t> after_seq, int limit);
  Status DeleteKeepApart(const std::string& id);

 private:
  std::shared_ptr<PgPool> pool_;
};

}  // namespace inlet::store
