// Deleting an endpoint takes its rows from SQLite's other tables. What every backend must
// do with groups, sources and endpoints is in endpoint_store_contract_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

using inlet::testing::TempDir;

class EndpointQueriesTest : public ::testing::Test {
 protected:
  Endpoint Create(const std::string& name, const std::string& source, const std::string& group,
                  int64_t now_ms = 1000) {
    return CreateEndpointOrThrow(*store_, name, source, group, now_ms);
  }

  TempDir dir_;
  SqliteOptions options_ = OptionsIn(dir_);
  std::unique_ptr<Store> store_ = OpenStore(options_);
};

TEST_F(EndpointQueriesTest, DeleteRemovesTheEndpointAndItsRowsOnly) {
  Endpoint doomed = Create("Customers", "CRM", "Sales");
  Endpoint kept = Create("Orders", "CRM", "Sales");
  RawDb raw(DatabaseFile(options_));
  for (const Endpoint* endpoint : {&doomed, &kept}) {
    const std::string key = std::to_string(endpoint->key);
    raw.Exec("INSERT INTO receipts (id, endpoint_key, received_at, http_status) VALUES ('r" + key +
             "', " + key + ", 1, 200)");
    raw.Exec(
        "INSERT INTO records (endpoint_key, receipt_seq, row_index, id, received_at, data) "
        "VALUES (" +
        key + ", 1, 0, 'x', 1, '{}'), (" + key + ", 1, 1, 'y', 1, '{}')");
    raw.Exec(
        "INSERT INTO logs (endpoint_key, created_at, level, domain, message_id, count, "
        "first_row_indexes, message) VALUES (" +
        key + ", 1, 'warning', 'ingest', 'm', 1, '0', 'msg')");
    // A record processing failed on: an outcome without a data part.
    raw.Exec(
        "INSERT INTO record_outcomes (endpoint_key, record_seq, row_index, record_id, "
        "outcome) VALUES (" +
        key + ", 1, 0, 'x', 3)");
  }

  ASSERT_TRUE(store_->DeleteEndpoint(doomed.id, false).ok());
  EXPECT_EQ(store_->GetEndpoint(doomed.id).status().message_id(), "endpoint-not-found");
  for (const char* table : {"records", "receipts", "logs", "record_outcomes"}) {
    EXPECT_EQ(raw.QueryInt(std::string("SELECT count(*) FROM ") + table +
                           " WHERE endpoint_key = " + std::to_string(doomed.key)),
              0)
        << table;
    EXPECT_GT(raw.QueryInt(std::string("SELECT count(*) FROM ") + table +
                           " WHERE endpoint_key = " + std::to_string(kept.key)),
              0)
        << table;
  }
  EXPECT_EQ(store_->ListSources()->size(), 1u) << "groups and sources stay";
  EXPECT_EQ(store_->DeleteEndpoint(doomed.id, true).message_id(), "endpoint-not-found");
}

}  // namespace
}  // namespace inlet::store::testing
