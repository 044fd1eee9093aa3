// The fixture of the PgGoldenWriter tests: a fresh PostgreSQL database, migrated, an
// endpoint, and a transaction holding the golden-writes lock as a slice does.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/pg_golden_writer.h"
#include "store/pg_schema.h"
#include "support/postgres_database.h"

namespace inlet::store {
namespace pg_testing {

using inlet::testing::PostgresDatabase;

#define ASSERT_OK(expr)                                                                \
  do {                                                                                 \
    const Status assert_ok_status = (expr);                                            \
    ASSERT_TRUE(assert_ok_status.ok()) << #expr << ": " << assert_ok_status.message(); \
  } while (0)

// The value, or an exception that fails the test at the call that needed it.
template <typename T>
T Value(Result<T> result) {
  if (!result.ok()) throw std::runtime_error(result.status().message());
  return std::move(result).value();
}

// A hex SHA-256 whose bytes all are `byte` (two hex digits).
inline std::string Hash(const std::string& byte) {
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += byte;
  return hex;
}

inline GoldenState State(const std::string& name, int64_t now_ms) {
  GoldenState state;
  state.name = name;
  state.document = R"({"name":")" + name + R"("})";
  state.search_text = name;
  state.now_ms = now_ms;
  return state;
}

class PgGoldenWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Value(PgConnection::Open(database_.url()));
    Value(MigratePostgres(*db_));
    const int64_t group =
        Number("INSERT INTO groups (name, created_at) VALUES ('g', 1) RETURNING id");
    source_ =
        Number("INSERT INTO sources (group_id, name, created_at) VALUES ($1, 's', 1) RETURNING id",
               {group});
    endpoint_ = AddEndpoint("endpoint-1");
  }

  int64_t AddEndpoint(const std::string& id) {
    return Number(
        "INSERT INTO endpoints (id, name, source_id, mode, status, mapping, created_at, "
        "updated_at) VALUES ($1, $1, $2, 'manual', 'not-processed', '{}', 1, 1) RETURNING key",
        {id, source_});
  }

  // A transaction as a slice opens it: the golden-writes lock held until it ends.
  PgTransaction Begin() {
    PgTransaction transaction = Value(PgTransaction::Begin(*db_, "test slice"));
    if (!LockGoldenWrites(*db_).ok()) throw std::runtime_error("lock golden writes");
    return transaction;
  }

  PgResult Rows(const std::string& sql, const std::vector<PgParam>& params = {}) {
    return Value(db_->Query(sql, params, "test query"));
  }
  int64_t Number(const std::string& sql, const std::vector<PgParam>& params = {}) {
    return Rows(sql, params).Int(0, 0);
  }
  std::string Text(const std::string& sql, const std::vector<PgParam>& params = {}) {
    return Rows(sql, params).Text(0, 0);
  }

  DataPart Part(int64_t record_seq, int64_t golden_key, const std::string& hash_byte) {
    DataPart part;
    part.endpoint_key = endpoint_;
    part.record_seq = record_seq;
    part.record_id = "record-" + std::to_string(record_seq);
    part.receipt_seq = 1;
    part.receipt_id = "receipt-1";
    part.golden_key = golden_key;
    part.clue_hash = Hash(hash_byte);
    part.payload = R"({"seq":)" + std::to_string(record_seq) + "}";
    return part;
  }

  PostgresDatabase database_;
  std::unique_ptr<PgConnection> db_;
  int64_t source_ = 0;
  int64_t endpoint_ = 0;
};

}  // namespace pg_testing
}  // namespace inlet::store
