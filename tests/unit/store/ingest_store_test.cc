// The ingestion side of the store: group commit, the views over what it wrote, pruning,
// field profile snapshots and the search index that follows the records.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "backends.h"
#include "inlet/common/crypto.h"
#include "inlet/common/time.h"
#include "inlet/store/search_index.h"
#include "store/prune_queries.h"
#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

struct Committed {
  Status status;
  int64_t last_record_seq = 0;
};

// Appends and waits for the commit, as a request does before it answers.
Committed AppendAndWait(Store& store, ReceiptToStore receipt) {
  std::promise<Committed> done;
  auto future = done.get_future();
  store.Append(std::move(receipt), [&done](const Status& status, int64_t last) {
    done.set_value({status, last});
  });
  return future.get();
}

ReceiptToStore MakeReceipt(int64_t endpoint_key, int records, int64_t received_at_ms = 1000) {
  ReceiptToStore receipt;
  receipt.id = NewUuidV7();
  receipt.endpoint_key = endpoint_key;
  receipt.received_at_ms = received_at_ms;
  receipt.http_status = 200;
  receipt.received = records;
  receipt.accepted = records;
  receipt.response = "{\"success\":true}";
  for (int i = 0; i < records; ++i) {
    receipt.records.push_back({i, "{\"n\":" + std::to_string(i) + ",\"city\":\"Oslo\"}"});
  }
  receipt.logs.push_back({IssueLevel::kWarning,
                          IssueDomain::kParsing,
                          "dot-in-property",
                          "e.mail",
                          "dots were removed",
                          records,
                          {0, 1}});
  return receipt;
}

class IngestStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = database_.OpenStore();
    auto endpoint = store_->CreateEndpoint(MakeEndpoint("customers", "CRM", "Sales"));
    ASSERT_TRUE(endpoint.ok()) << endpoint.status().message();
    endpoint_ = *endpoint;
  }

  BackendDatabase database_{GetParam()};
  std::unique_ptr<Store> store_;
  Endpoint endpoint_;
};

INSTANTIATE_TEST_SUITE_P(Backends, IngestStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(IngestStoreTest, AppendCommitsRecordsReceiptLogsAndMarksTheEndpoint) {
  ReceiptToStore receipt = MakeReceipt(endpoint_.key, 3);
  std::string receipt_id = receipt.id;
  Committed committed = AppendAndWait(*store_, std::move(receipt));
  ASSERT_TRUE(committed.status.ok()) << committed.status.message();
  EXPECT_EQ(committed.last_record_seq, 3);

  auto records = store_->ListRecords({endpoint_.key, std::nullopt, std::nullopt, std::nullopt, 10});
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].row_index, 2);  // newest first
  EXPECT_EQ((*records)[0].receipt_id, receipt_id);
  EXPECT_EQ((*records)[2].data, "{\"n\":0,\"city\":\"Oslo\"}");

  auto stored = store_->GetReceipt(receipt_id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->accepted, 3);
  EXPECT_EQ(stored->response, "{\"success\":true}");

  auto logs = store_->ListLogs({endpoint_.key, std::nullopt, std::nullopt, receipt_id, {}, 10});
  ASSERT_TRUE(logs.ok());
  ASSERT_EQ(logs->size(), 1u);
  const LogRow& row = (*logs)[0].row;
  EXPECT_EQ(row.level, IssueLevel::kWarning);
  EXPECT_EQ(row.domain, IssueDomain::kParsing);
  EXPECT_EQ(row.message_id, "dot-in-property");
  EXPECT_EQ(row.count, 3);
  EXPECT_EQ(row.property, "e.mail");
  EXPECT_EQ(row.first_row_indexes, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(row.message, "dots were removed");

  auto endpoint = store_->GetEndpoint(endpoint_.id);
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->status, EndpointStatus::kNotProcessed);
  EXPECT_EQ(endpoint->record_count, 3);
}

TEST_P(IngestStoreTest, ConcurrentAppendsAllCommitWithDistinctContiguousSeqs) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!AppendAndWait(*store_, MakeReceipt(endpoint_.key, 5)).status.ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  auto receipts = store_->ListReceipts(endpoint_.key, std::nullopt, 1000);
  ASSERT_TRUE(receipts.ok());
  ASSERT_EQ(receipts->size(), size_t{kThreads * kPerThread});
  // Each receipt's records are exactly its own five.
  for (const auto& receipt : *receipts) {
    auto records = store_->ListRecords({endpoint_.key, receipt.id, std::nullopt, std::nullopt, 10});
    ASSERT_TRUE(records.ok());
    EXPECT_EQ(records->size(), 5u);
  }
}

TEST_P(IngestStoreTest, FailedReceiptIsRolledBackAloneAndOthersCommit) {
  ReceiptToStore first = MakeReceipt(endpoint_.key, 2);
  first.idempotency = IdempotencyToStore{"key-1", Sha256("a")};
  ASSERT_TRUE(AppendAndWait(*store_, std::move(first)).status.ok());
  // The same key again violates the primary key: that receipt fails, nothing of it stays.
  ReceiptToStore duplicate = MakeReceipt(endpoint_.key, 4);
  duplicate.idempotency = IdempotencyToStore{"key-1", Sha256("b")};
  std::string duplicate_id = duplicate.id;
  EXPECT_FALSE(AppendAndWait(*store_, std::move(duplicate)).status.ok());
  EXPECT_EQ(store_->GetReceipt(duplicate_id).status().code(), StatusCode::kNotFound);
  auto endpoint = store_->GetEndpoint(endpoint_.id);
  EXPECT_EQ(endpoint->record_count, 2);
  EXPECT_TRUE(AppendAndWait(*store_, MakeReceipt(endpoint_.key, 1)).status.ok());
  auto answer = store_->FindIdempotentAnswer(endpoint_.key, "key-1");
  ASSERT_TRUE(answer.ok());
  ASSERT_TRUE(answer->has_value());
  EXPECT_EQ((*answer)->request_hash, Sha256("a"));
}

TEST_P(IngestStoreTest, RecordSeqsAreNeverReusedAfterAClear) {
  Committed first = AppendAndWait(*store_, MakeReceipt(endpoint_.key, 3));
  ASSERT_TRUE(store_->ClearRecords(endpoint_.key).ok());
  store_.reset();
  store_ = database_.OpenStore();
  Committed second = AppendAndWait(*store_, MakeReceipt(endpoint_.key, 1));
  EXPECT_GT(second.last_record_seq, first.last_record_seq);
}

TEST_P(IngestStoreTest, PruneRemovesOldReceiptsLogsAndKeysButKeepsRecords) {
  ReceiptToStore old = MakeReceipt(endpoint_.key, 2, /*received_at_ms=*/1000);
  old.idempotency = IdempotencyToStore{"old", Sha256("x")};
  std::string old_id = old.id;
  ASSERT_TRUE(AppendAndWait(*store_, std::move(old)).status.ok());
  ASSERT_TRUE(
      store_->Prune({NowUnixMillis() + 1000, NowUnixMillis() + 1000, NowUnixMillis() + 1000}).ok());
  EXPECT_EQ(store_->GetReceipt(old_id).status().code(), StatusCode::kNotFound);
  auto answer = store_->FindIdempotentAnswer(endpoint_.key, "old");
  ASSERT_TRUE(answer.ok());
  EXPECT_FALSE(answer->has_value());
  auto logs = store_->ListLogs({endpoint_.key, std::nullopt, std::nullopt, std::nullopt, {}, 10});
  EXPECT_TRUE(logs->empty());
  auto records = store_->ListRecords({endpoint_.key, std::nullopt, std::nullopt, std::nullopt, 10});
  EXPECT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].receipt_id, "");  // its receipt is gone, the record is not
}

TEST_P(IngestStoreTest, FlushWaitsForQueuedCommitsAndTheirCallbacks) {
  std::atomic<int> called{0};
  for (int i = 0; i < 20; ++i) {
    store_->Append(MakeReceipt(endpoint_.key, 10), [&](const Status&, int64_t) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ++called;
    });
  }
  store_->Flush();
  EXPECT_EQ(called, 20);
}

TEST_P(IngestStoreTest, FieldProfileSnapshotsRoundTripAndGoWithTheRecords) {
  ASSERT_TRUE(store_->SaveFieldProfile({endpoint_.key, std::string("\x01\x02", 2), 42}).ok());
  auto snapshots = store_->LoadFieldProfiles();
  ASSERT_TRUE(snapshots.ok());
  ASSERT_EQ(snapshots->size(), 1u);
  EXPECT_EQ((*snapshots)[0].bytes, std::string("\x01\x02", 2));
  EXPECT_EQ((*snapshots)[0].through_seq, 42);
  ASSERT_TRUE(store_->ClearRecords(endpoint_.key).ok());
  EXPECT_TRUE(store_->LoadFieldProfiles()->empty());
}

TEST_P(IngestStoreTest, ListingStopsAtTheRecordThatReachesMaxBytes) {
  ReceiptToStore receipt = MakeReceipt(endpoint_.key, 0);
  for (int i = 0; i < 10; ++i) {
    receipt.records.push_back({i, "{\"v\":\"" + std::string(1000, 'x') + "\"}"});
  }
  receipt.received = receipt.accepted = 10;
  ASSERT_TRUE(AppendAndWait(*store_, std::move(receipt)).status.ok());
  RecordQuery query;
  query.endpoint_key = endpoint_.key;
  query.limit = 10;
  query.max_bytes = 2500;  // reached by the third record (3 x 1008 bytes)
  auto records = store_->ListRecords(query);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), 3u);
  query.max_bytes = 1;  // never less than one
  EXPECT_EQ(store_->ListRecords(query)->size(), 1u);
  query.max_bytes = 0;  // no bound
  EXPECT_EQ(store_->ListRecords(query)->size(), 10u);
}

TEST_P(IngestStoreTest, ReceiptListsLeaveTheResponseToGetReceipt) {
  ReceiptToStore receipt = MakeReceipt(endpoint_.key, 0);
  const std::string id = receipt.id;
  ASSERT_TRUE(AppendAndWait(*store_, std::move(receipt)).status.ok());
  auto listed = store_->ListReceipts(endpoint_.key, std::nullopt, 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).id, id);
  EXPECT_EQ(listed->at(0).response, "");
  EXPECT_EQ(store_->GetReceipt(id)->response, "{\"success\":true}");
}

TEST(SqlitePrune, SearchesTimeIndexesInsteadOfScanningTables) {
  inlet::testing::TempDir dir;
  auto store = OpenStore(OptionsIn(dir));
  RawDb raw(DatabaseFile(OptionsIn(dir)));
  ASSERT_EQ(PruneDeletes().size(), 3u);
  for (const auto& prune : PruneDeletes()) {
    std::string plan = raw.QueryPlan(prune.sql);
    SCOPED_TRACE(std::string(prune.sql) + "\n" + plan);
    EXPECT_EQ(plan.find("SCAN"), std::string::npos);
    EXPECT_NE(plan.find("USING"), std::string::npos);
    EXPECT_TRUE(plan.find("_by_time") != std::string::npos ||
                plan.find("idempotency_keys_by_age") != std::string::npos);
  }
}

TEST_P(IngestStoreTest, SearchIndexFollowsTheRecordsAndReportsItsLag) {
  std::unique_ptr<SearchIndex> index = database_.OpenSearch(*store_);
  ReceiptToStore receipt = MakeReceipt(endpoint_.key, 0);
  receipt.records = {{0, R"({"name":"Åse Øvrebø","city":"Bergen"})"},
                     {1, R"({"name":"John Smith","city":"Oslo"})"},
                     {2, R"({"name":"city","note":"\"quoted\" AND"})"}};
  ASSERT_TRUE(AppendAndWait(*store_, std::move(receipt)).status.ok());
  // Behind ingestion: the lag drops to 0 soon after the commit.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int64_t lag = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    lag = *index->Lag(endpoint_.key);
    if (lag == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(lag, 0);
  auto found = index->Search(endpoint_.key, "ase bergen", std::nullopt, 10);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(store_->GetRecords(endpoint_.key, *found)->at(0).row_index, 0);
  // Field names are not searchable; FTS5 syntax in a query is taken literally.
  EXPECT_TRUE(index->Search(endpoint_.key, "name", std::nullopt, 10)->empty());
  EXPECT_EQ(index->Search(endpoint_.key, "city", std::nullopt, 10)->size(), 1u);
  EXPECT_EQ(index->Search(endpoint_.key, "\"quoted\" AND", std::nullopt, 10)->size(), 1u);
  // Control characters separate words, NUL included (FTS5 would read it as the end).
  EXPECT_EQ(index->Search(endpoint_.key, std::string("bergen\0ase", 11), std::nullopt, 10)->size(),
            1u);
  EXPECT_EQ(index->Search(endpoint_.key, "smith\x01john\x7f", std::nullopt, 10)->size(), 1u);
  // Cleared: nothing found, and the next records are indexed into a fresh table.
  ASSERT_TRUE(store_->ClearRecords(endpoint_.key).ok());
  ASSERT_TRUE(index->Drop(endpoint_.key).ok());
  EXPECT_TRUE(index->Search(endpoint_.key, "oslo", std::nullopt, 10)->empty());
}

}  // namespace
}  // namespace inlet::store::testing
