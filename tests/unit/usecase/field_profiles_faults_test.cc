// FieldProfiles under store faults (SPEC §8 "Faults"). Load at start: a restart on a
// full disk failed with "cannot load the field profiles … disk is full", because loading
// saved what it had brought up to date; loading must only read. The saving thread: a
// store that throws must not end the process, and the save is retried.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "inlet/common/uuid.h"
#include "inlet/store/sqlite_store.h"
#include "inlet/usecase/field_profiles.h"
#include "support/faulty_store.h"
#include "support/faulty_vfs.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace inlet::usecase {
namespace {

TEST(FieldProfilesFaults, LoadOnAFullDiskCatchesUpWithoutWriting) {
  auto& vfs = testing::FaultyVfs::Install();
  testing::TempDir dir;
  const store::SqliteOptions options = store::testing::OptionsIn(dir);
  std::unique_ptr<store::Store> opened = store::testing::OpenStore(options);
  store::Store& store = *opened;
  auto created = store.CreateEndpoint(store::testing::MakeEndpoint("customers", "CRM", "Sales"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  // Records stored, but the process stopped before their profile was saved.
  store::ReceiptToStore receipt;
  receipt.id = NewUuidV7();
  receipt.endpoint_key = created->key;
  receipt.http_status = 200;
  receipt.received = receipt.accepted = 2;
  receipt.records = {{0, R"({"city":"Oslo"})"}, {1, R"({"city":"Bergen","zip":"5003"})"}};
  std::promise<Status> committed;
  store.Append(std::move(receipt),
               [&](const Status& status, int64_t) { committed.set_value(status); });
  ASSERT_TRUE(committed.get_future().get().ok());

  vfs.FailWrites(std::filesystem::canonical(options.data_dir).string(), SQLITE_FULL);
  FieldProfiles profiles(store, /*save_interval_ms=*/60000);
  Status loaded = profiles.Load();
  ASSERT_TRUE(loaded.ok()) << loaded.message();
  EXPECT_EQ(profiles.Get(created->key).Serialize(), [&] {
    ingest::FieldProfile expected;
    expected.AddRecord(R"({"city":"Oslo"})");
    expected.AddRecord(R"({"city":"Bergen","zip":"5003"})");
    return expected.Serialize();
  }());
  EXPECT_EQ(vfs.failed_writes(), 0);

  // Once writes work again, what the catch-up added is saved.
  vfs.Heal();
  ASSERT_TRUE(profiles.SaveChanged().ok());
  auto snapshots = store.LoadFieldProfiles();
  ASSERT_TRUE(snapshots.ok());
  ASSERT_EQ(snapshots->size(), 1u);
  EXPECT_EQ((*snapshots)[0].through_seq, 2);
}

TEST(FieldProfilesFaults, AStoreThatThrowsIsLoggedAndTheSaveIsRetried) {
  testing::TempDir dir;
  std::unique_ptr<store::Store> opened = store::testing::OpenStore(store::testing::OptionsIn(dir));
  auto created = opened->CreateEndpoint(store::testing::MakeEndpoint("customers", "CRM", "Sales"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  testing::FaultyStore faulty(*opened);
  ingest::FieldProfile delta;
  delta.AddRecord(R"({"city":"Oslo"})");
  {
    FieldProfiles profiles(faulty, /*save_interval_ms=*/10);
    faulty.Throw("SaveFieldProfile");
    profiles.Apply(created->key, created->id, delta, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // several failed rounds
    faulty.Fail("", Status::Ok());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (opened->LoadFieldProfiles()->empty() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(opened->LoadFieldProfiles()->size(), 1u);
    // The last save, at destruction, throws too.
    faulty.Throw("SaveFieldProfile");
    profiles.Apply(created->key, created->id, delta, 2);
  }
  auto saved = opened->LoadFieldProfiles();
  ASSERT_TRUE(saved.ok());
  ASSERT_EQ(saved->size(), 1u);
  EXPECT_EQ(saved->front().through_seq, 1);
}

}  // namespace
}  // namespace inlet::usecase
