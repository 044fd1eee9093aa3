// CheckWritable, which /readyz asks (SPEC §8): it must not write to the database on
// every call, nor wait for the writer connection while a commit holds it, and it still
// says so when writes fail.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <iostream>
#include <thread>

#include "store_test_util.h"
#include "support/faulty_vfs.h"

namespace inlet::store::testing {
namespace {

using Clock = std::chrono::steady_clock;

Status AppendAndWait(Store& store, int64_t endpoint_key) {
  ReceiptToStore receipt;
  receipt.id = NewUuidV7();
  receipt.endpoint_key = endpoint_key;
  receipt.received_at_ms = 1000;
  receipt.http_status = 200;
  receipt.received = receipt.accepted = 1;
  receipt.records.push_back({0, "{\"a\":1}"});
  std::promise<Status> done;
  store.Append(std::move(receipt),
               [&done](const Status& status, int64_t) { done.set_value(status); });
  return done.get_future().get();
}

class WritableCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vfs_ = &inlet::testing::FaultyVfs::Install();
    options_ = OptionsIn(dir_);
    store_ = OpenStore(options_);
    auto endpoint = store_->CreateEndpoint(MakeEndpoint("customers", "CRM", "Sales"));
    ASSERT_TRUE(endpoint.ok()) << endpoint.status().message();
    endpoint_key_ = endpoint->key;
    other_ = std::make_unique<RawDb>(DatabaseFile(options_));
  }
  void TearDown() override { vfs_->Heal(); }

  // Changes whenever a connection other than `other_` commits.
  int64_t DataVersion() { return other_->QueryInt("PRAGMA data_version"); }

  inlet::testing::TempDir dir_;
  inlet::testing::FaultyVfs* vfs_ = nullptr;
  SqliteOptions options_;
  std::unique_ptr<Store> store_;
  int64_t endpoint_key_ = 0;
  std::unique_ptr<RawDb> other_;
};

TEST_F(WritableCheckTest, AFloodOfChecksWritesAtMostOnceASecond) {
  int64_t version = DataVersion();
  int commits = 0, checks = 0;
  const auto end = Clock::now() + std::chrono::milliseconds(2500);
  while (Clock::now() < end) {
    Status status = store_->CheckWritable();
    ASSERT_TRUE(status.ok()) << status.message();
    ++checks;
    int64_t now = DataVersion();
    if (now != version) ++commits;
    version = now;
  }
  std::cout << checks << " checks in 2.5 s wrote " << commits << " probe row(s)" << std::endl;
  EXPECT_GT(checks, 100);
  EXPECT_LE(commits, 4) << "over " << checks << " checks in 2.5 s";
  EXPECT_GE(commits, 2) << "a probe older than a second must be made again";
}

TEST_F(WritableCheckTest, ARecentIngestionCommitAnswersWithoutAWrite) {
  ASSERT_TRUE(AppendAndWait(*store_, endpoint_key_).ok());
  const int64_t version = DataVersion();
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(store_->CheckWritable().ok());
  EXPECT_EQ(DataVersion(), version);
}

TEST_F(WritableCheckTest, AFailedCommitMakesItUnavailableAtOnceAndAProbeSeesTheRecovery) {
  ASSERT_TRUE(store_->CheckWritable().ok());
  vfs_->FailWrites(std::filesystem::canonical(options_.data_dir).string(), SQLITE_FULL);
  Status failed = AppendAndWait(*store_, endpoint_key_);
  ASSERT_EQ(failed.code(), StatusCode::kStorageFull) << failed.message();
  Status check = store_->CheckWritable();
  EXPECT_EQ(check.code(), StatusCode::kUnavailable);
  EXPECT_EQ(check.message_id(), "storage-unavailable");

  vfs_->Heal();
  const auto deadline = Clock::now() + std::chrono::seconds(3);
  while (!store_->CheckWritable().ok() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(store_->CheckWritable().ok());
}

}  // namespace
}  // namespace inlet::store::testing
