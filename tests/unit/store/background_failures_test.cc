// The store's own threads when something throws in them (SPEC §8: "background threads
// that fail log and recover ...; none calls std::terminate"): the group commit's
// writer, with a bridge receipt's engine or a request's callback throwing, and the
// search index's follower, with the store throwing under it.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "inlet/store/search_index.h"
#include "store_test_util.h"
#include "support/faulty_store.h"

namespace inlet::store::testing {
namespace {

ReceiptToStore OneRecord(int64_t endpoint_key) {
  ReceiptToStore receipt;
  receipt.id = NewUuidV7();
  receipt.endpoint_key = endpoint_key;
  receipt.http_status = 200;
  receipt.received = receipt.accepted = 1;
  receipt.records.push_back({0, R"({"city":"Oslo"})"});
  return receipt;
}

class BackgroundFailuresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = OptionsIn(dir_);
    store_ = OpenStore(options_);
    auto endpoint = store_->CreateEndpoint(MakeEndpoint("customers", "CRM", "Sales"));
    ASSERT_TRUE(endpoint.ok());
    endpoint_key_ = endpoint->key;
  }

  Status AppendAndWait(ReceiptToStore receipt) {
    std::promise<Status> done;
    store_->Append(std::move(receipt),
                   [&done](const Status& status, int64_t) { done.set_value(status); });
    return done.get_future().get();
  }

  inlet::testing::TempDir dir_;
  SqliteOptions options_;
  std::unique_ptr<Store> store_;
  int64_t endpoint_key_ = 0;
};

TEST_F(BackgroundFailuresTest, ABridgeEngineThatThrowsFailsItsReceiptAloneAndCommitsGoOn) {
  ReceiptToStore bridged = OneRecord(endpoint_key_);
  bridged.process_in_commit = [](GoldenWriter&, int64_t, const std::vector<StoredRecord>&) {
    throw std::runtime_error("engine bug");
    return Status::Ok();
  };
  Status failed = AppendAndWait(std::move(bridged));
  EXPECT_EQ(failed.code(), StatusCode::kInternal);
  EXPECT_NE(failed.message().find("engine bug"), std::string::npos) << failed.message();
  EXPECT_TRUE(AppendAndWait(OneRecord(endpoint_key_)).ok());
  EXPECT_EQ(RawDb(DatabaseFile(options_)).QueryInt("SELECT count(*) FROM receipts"), 1);
}

TEST_F(BackgroundFailuresTest, ACommitCallbackThatThrowsDoesNotStopTheWriter) {
  store_->Append(OneRecord(endpoint_key_),
                 [](const Status&, int64_t) { throw std::runtime_error("callback bug"); });
  EXPECT_TRUE(AppendAndWait(OneRecord(endpoint_key_)).ok());
  EXPECT_EQ(RawDb(DatabaseFile(options_)).QueryInt("SELECT count(*) FROM records"), 2);
}

TEST_F(BackgroundFailuresTest, TheSearchFollowerSurvivesAStoreThatThrowsAndCatchesUp) {
  ASSERT_TRUE(AppendAndWait(OneRecord(endpoint_key_)).ok());
  inlet::testing::FaultyStore faulty(*store_);
  faulty.Throw("ListRecordsSince");
  auto index = SearchIndex::Open(options_.data_dir, faulty, /*poll_ms=*/10);
  ASSERT_TRUE(index.ok()) << index.status().message();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // several failed rounds
  faulty.Fail("", Status::Ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (*(*index)->Lag(endpoint_key_) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ((*index)->Search(endpoint_key_, "oslo", std::nullopt, 10)->size(), 1u);
}

TEST_F(BackgroundFailuresTest, SearchingWhileAnEndpointIsFirstIndexedIsNeverAnError) {
  // A new endpoint, or every endpoint after search.db was rebuilt: its table is being
  // created in the follower's transaction while searches come in.
  ReceiptToStore receipt = OneRecord(endpoint_key_);
  for (int i = 1; i < 300; ++i) receipt.records.push_back({i, R"({"city":"Oslo"})"});
  receipt.received = receipt.accepted = 300;
  ASSERT_TRUE(AppendAndWait(std::move(receipt)).ok());
  auto index = SearchIndex::Open(options_.data_dir, *store_, /*poll_ms=*/1);
  ASSERT_TRUE(index.ok()) << index.status().message();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  size_t found = 0;
  while (found < 300 && std::chrono::steady_clock::now() < deadline) {
    auto seqs = (*index)->Search(endpoint_key_, "oslo", std::nullopt, 1000);
    ASSERT_TRUE(seqs.ok()) << seqs.status().message();
    found = seqs->size();
  }
  EXPECT_EQ(found, 300u);
}

}  // namespace
}  // namespace inlet::store::testing
