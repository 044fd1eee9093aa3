// Opening what a previous run left, on a disk that refuses every write (SPEC §8
// "Faults": start on a nearly full disk): nothing at start may need a write when there
// is nothing to change.
#include <gtest/gtest.h>

#include <filesystem>

#include "inlet/store/search_index.h"
#include "store_test_util.h"
#include "support/faulty_vfs.h"

namespace inlet::store::testing {
namespace {

class StartWithoutWritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vfs_ = &inlet::testing::FaultyVfs::Install();
    options_ = OptionsIn(dir_);
  }
  void TearDown() override { vfs_->Heal(); }

  void FillTheDisk() {
    vfs_->FailWrites(std::filesystem::canonical(options_.data_dir).string(), SQLITE_FULL);
  }

  inlet::testing::TempDir dir_;
  inlet::testing::FaultyVfs* vfs_ = nullptr;
  SqliteOptions options_;
};

TEST_F(StartWithoutWritesTest, OpeningACurrentDatabaseWritesNothing) {
  int64_t endpoint_key = 0;
  {
    auto store = OpenStore(options_);
    auto endpoint = store->CreateEndpoint(MakeEndpoint("customers", "CRM", "Sales"));
    ASSERT_TRUE(endpoint.ok());
    endpoint_key = endpoint->key;
  }
  FillTheDisk();
  auto store = OpenSqliteStore(options_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->Info().journal_mode, "wal");
  auto endpoints = (*store)->ListEndpoints(0, 10);
  ASSERT_TRUE(endpoints.ok());
  ASSERT_EQ(endpoints->size(), 1u);
  EXPECT_EQ(endpoints->front().key, endpoint_key);
  EXPECT_EQ(vfs_->failed_writes(), 0);
}

TEST_F(StartWithoutWritesTest, OpeningAnExistingSearchIndexWritesNothing) {
  {
    auto store = OpenStore(options_);
    auto search = SearchIndex::Open(options_.data_dir, *store);
    ASSERT_TRUE(search.ok()) << search.status().message();
  }
  FillTheDisk();
  auto store = OpenSqliteStore(options_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto search = SearchIndex::Open(options_.data_dir, **store);
  ASSERT_TRUE(search.ok()) << search.status().message();
  EXPECT_EQ(vfs_->failed_writes(), 0);
}

}  // namespace
}  // namespace inlet::store::testing
