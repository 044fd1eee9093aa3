// Field profiles where several nodes share one PostgreSQL store (SPEC §12): each node's
// profile of an endpoint holds every node's records, each once, as soon as it is read.
#include <gtest/gtest.h>

#include <future>

#include "inlet/common/uuid.h"
#include "inlet/store/postgres_store.h"
#include "inlet/usecase/field_profiles.h"
#include "support/postgres_database.h"
#include "unit/store/store_test_util.h"

namespace inlet::usecase {
namespace {

std::unique_ptr<store::Store> OpenNode(const std::string& url) {
  store::PostgresOptions options;
  options.url = url;
  options.pool_size = 2;
  auto opened = store::OpenPostgresStore(options);
  if (!opened.ok()) throw std::runtime_error(opened.status().message());
  return std::move(opened->store);
}

void Commit(store::Store& store, int64_t endpoint_key, const std::vector<std::string>& records) {
  store::ReceiptToStore receipt;
  receipt.id = NewUuidV7();
  receipt.endpoint_key = endpoint_key;
  receipt.http_status = 200;
  receipt.received = receipt.accepted = static_cast<int64_t>(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    receipt.records.push_back({static_cast<int64_t>(i), records[i]});
  }
  std::promise<Status> committed;
  store.Append(std::move(receipt),
               [&](const Status& status, int64_t) { committed.set_value(status); });
  Status status = committed.get_future().get();
  ASSERT_TRUE(status.ok()) << status.message();
}

std::string ProfileOf(const std::vector<std::string>& records) {
  ingest::FieldProfile profile;
  for (const auto& record : records) profile.AddRecord(record);
  return profile.Serialize();
}

TEST(FieldProfilesShared, EveryNodeSeesEveryNodesRecordsOnce) {
  inlet::testing::PostgresDatabase database;
  auto node_a = OpenNode(database.url());
  auto node_b = OpenNode(database.url());
  const store::Endpoint endpoint =
      store::testing::CreateEndpointOrThrow(*node_a, "customers", "CRM", "Sales");
  const std::string before = R"({"city":"Oslo"})";
  Commit(*node_a, endpoint.key, {before});

  const size_t fields = ingest::FieldProfile::kDefaultMaxFields;
  FieldProfiles on_a(*node_a, fields, /*save_interval_ms=*/60000, /*shared=*/true);
  FieldProfiles on_b(*node_b, fields, /*save_interval_ms=*/60000, /*shared=*/true);
  ASSERT_TRUE(on_a.Load().ok());
  ASSERT_TRUE(on_b.Load().ok());
  const std::string from_a = R"({"city":"Bergen","zip":"5003"})";
  const std::string from_b = R"({"name":"Ann"})";
  Commit(*node_a, endpoint.key, {from_a});
  // The node that took a request does not add it on its own: it reads it back like the
  // others, so no record counts twice.
  on_a.Apply(
      endpoint.key, endpoint.id,
      [&] {
        ingest::FieldProfile delta;
        delta.AddRecord(from_a);
        return delta;
      }(),
      2);
  Commit(*node_b, endpoint.key, {from_b});

  const std::string expected = ProfileOf({before, from_a, from_b});
  EXPECT_EQ(on_a.Get(endpoint.key).Serialize(), expected);
  EXPECT_EQ(on_b.Get(endpoint.key).Serialize(), expected);
  // Saved by one node, loaded by a third: the snapshot and the records after it, once.
  ASSERT_TRUE(on_b.SaveChanged().ok());
  Commit(*node_a, endpoint.key, {before});
  FieldProfiles on_c(*node_a, fields, /*save_interval_ms=*/60000, /*shared=*/true);
  ASSERT_TRUE(on_c.Load().ok());
  EXPECT_EQ(on_c.Get(endpoint.key).Serialize(), ProfileOf({before, from_a, from_b, before}));
}

}  // namespace
}  // namespace inlet::usecase
