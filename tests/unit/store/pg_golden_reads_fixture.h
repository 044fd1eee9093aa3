// The fixture of the PgGoldenReads tests: a fresh PostgreSQL database, migrated, and
// plain-SQL writers of the rows the reads look at.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/pg_golden_reads.h"
#include "store/pg_schema.h"
#include "support/postgres_database.h"

namespace inlet::store {
namespace pg_testing {

inline std::vector<int64_t> KeysOf(const std::vector<GoldenRecord>& records) {
  std::vector<int64_t> keys;
  for (const auto& record : records) keys.push_back(record.key);
  return keys;
}

inline std::vector<int64_t> SeqsOf(const ChangePage& page) {
  std::vector<int64_t> seqs;
  for (const auto& change : page.items) seqs.push_back(change.seq);
  return seqs;
}

// A JSON document of exactly `bytes` bytes.
inline std::string DocumentOf(size_t bytes) {
  return "{\"v\":\"" + std::string(bytes - 8, 'x') + "\"}";
}

class PgGoldenReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pool = PgPool::Open(database_.url(), 2);
    ASSERT_TRUE(pool.ok()) << pool.status().message();
    pool_ = std::move(*pool);
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status().message();
    auto migrated = MigratePostgres(**lease);
    ASSERT_TRUE(migrated.ok()) << migrated.status().message();
    reads_ = std::make_unique<PgGoldenReads>(pool_);
    endpoint_ = AddEndpoint("ep-1");
  }

  PgResult Query(const std::string& sql, const std::vector<PgParam>& params = {}) {
    auto lease = pool_->Acquire();
    if (!lease.ok()) throw std::runtime_error(lease.status().message());
    auto rows = (*lease)->Query(sql, params, "test");
    if (!rows.ok()) throw std::runtime_error(rows.status().message());
    return std::move(*rows);
  }

  // The first column of the first row (0 when there is none).
  int64_t Int(const std::string& sql, const std::vector<PgParam>& params = {}) {
    PgResult rows = Query(sql, params);
    return rows.Rows() > 0 ? rows.Int(0, 0) : 0;
  }

  std::string Text(const std::string& sql, const std::vector<PgParam>& params = {}) {
    PgResult rows = Query(sql, params);
    return rows.Rows() > 0 ? rows.Text(0, 0) : "";
  }

  int64_t AddEndpoint(const std::string& id) {
    return Int(
        "WITH g AS (INSERT INTO groups (name, created_at) VALUES ($1, 0) RETURNING id), "
        "s AS (INSERT INTO sources (group_id, name, created_at) SELECT id, $1, 0 FROM g "
        "RETURNING id) INSERT INTO endpoints (id, name, source_id, mode, status, mapping, "
        "created_at, updated_at) SELECT $1, $1, id, 'manual', 'ready', '{}', 0, 0 FROM s "
        "RETURNING key",
        {id});
  }

  int64_t AddGolden(const std::string& id, const std::string& type, const std::string& name = "",
                    const std::string& document = "{}", const std::string& search_text = "") {
    return Int(
        "INSERT INTO golden_records (id, entity_type, shadow, name, document, search_text, "
        "created_at, updated_at) VALUES ($1, $2, false, $3, $4, $5, 1000, 2000) RETURNING key",
        {id, type, name, document, search_text});
  }

  void AddCode(const std::string& code, int64_t golden_key) {
    Query("INSERT INTO codes (code, golden_key) VALUES ($1, $2)", {code, golden_key});
  }

  // A part of record `seq` of `endpoint` (the fixture's by default); its order.
  int64_t AddPart(int64_t golden_key, int64_t seq, int64_t endpoint = 0) {
    return Int(
        "INSERT INTO data_parts (endpoint_key, record_seq, record_id, receipt_seq, receipt_id, "
        "golden_key, clue_hash, source_hash, payload) VALUES ($1, $2, $3, 1, 'receipt-1', $4, "
        "'\\x01'::bytea, '\\x02'::bytea, '{}') RETURNING part_order",
        {endpoint != 0 ? endpoint : endpoint_, seq, "rec-" + std::to_string(seq), golden_key});
  }

  void Merge(int64_t from, int64_t into) {
    Query("UPDATE golden_records SET merged_into = $2 WHERE key = $1", {from, into});
  }

  // An upsert of the golden record, which is now its latest change; its seq.
  int64_t Upsert(int64_t golden_key) {
    return Int(
        "WITH c AS (INSERT INTO golden_changes (seq, op, golden_key, golden_id, entity_type, at) "
        "SELECT nextval('golden_change_seq'), 0, key, id, entity_type, 3000 FROM golden_records "
        "WHERE key = $1 RETURNING seq) UPDATE golden_records SET change_seq = (SELECT seq FROM c) "
        "WHERE key = $1 RETURNING change_seq",
        {golden_key});
  }

  // A delete of the golden record (by a merge into `survivor_id` when given); its seq.
  int64_t DeleteChange(int64_t golden_key, const std::string& survivor_id = "") {
    return Int(
        "INSERT INTO golden_changes (seq, op, golden_key, golden_id, entity_type, merged_into, "
        "at) SELECT nextval('golden_change_seq'), 1, key, id, entity_type, $2, 3000 "
        "FROM golden_records WHERE key = $1 RETURNING seq",
        {golden_key, survivor_id.empty() ? PgParam::Null() : PgParam(survivor_id)});
  }

  // Designated initializers that skip members trip -Wmissing-field-initializers: a query
  // is made by a function that sets what it needs.
  using SetChangeQuery = std::function<void(ChangeQuery&)>;
  using SetGoldenQuery = std::function<void(GoldenQuery&)>;

  ChangePage Changes(const SetChangeQuery& set = {}) {
    ChangeQuery query;
    if (set) set(query);
    auto page = reads_->ReadChanges(query);
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? *page : ChangePage{};
  }

  std::vector<GoldenRecord> List(const SetGoldenQuery& set = {}) {
    GoldenQuery query;
    if (set) set(query);
    auto records = reads_->ListGoldenRecords(query);
    EXPECT_TRUE(records.ok()) << records.status().message();
    return records.ok() ? *records : std::vector<GoldenRecord>{};
  }

  inlet::testing::PostgresDatabase database_;
  std::shared_ptr<PgPool> pool_;
  std::unique_ptr<PgGoldenReads> reads_;
  int64_t endpoint_ = 0;
};

}  // namespace pg_testing
}  // namespace inlet::store
