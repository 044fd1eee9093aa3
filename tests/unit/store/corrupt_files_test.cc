// Files of the data directory that cannot be read (SPEC §8 "Faults"): a corrupt
// inlet.db refuses the start with a message that names it and says what to do, and is
// left byte for byte as it was, with nothing made beside it; a corrupt search.db, which
// is derived, is deleted and rebuilt instead of blocking the start.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <random>
#include <thread>

#include "inlet/store/search_index.h"
#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

namespace fs = std::filesystem;
using inlet::testing::ReadFile;
using inlet::testing::WriteFile;

std::string RandomBytes(size_t n) {
  std::mt19937 rng(42);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  return bytes;
}

class CorruptFilesTest : public ::testing::Test {
 protected:
  void SetUp() override { options_ = OptionsIn(dir_); }

  // A store with one endpoint and `records` records, closed again (so its WAL is
  // copied into inlet.db and removed).
  void MakeStore(int records) {
    auto store = OpenStore(options_);
    auto endpoint = store->CreateEndpoint(MakeEndpoint("customers", "CRM", "Sales"));
    ASSERT_TRUE(endpoint.ok());
    endpoint_key_ = endpoint->key;
    ReceiptToStore receipt;
    receipt.id = NewUuidV7();
    receipt.endpoint_key = endpoint_key_;
    receipt.http_status = 200;
    receipt.received = receipt.accepted = records;
    for (int i = 0; i < records; ++i) {
      receipt.records.push_back(
          {i, "{\"city\":\"Oslo\",\"pad\":\"" + std::string(200, 'x') + "\"}"});
    }
    std::promise<Status> done;
    store->Append(std::move(receipt),
                  [&](const Status& status, int64_t) { done.set_value(status); });
    ASSERT_TRUE(done.get_future().get().ok());
  }

  // Opening must fail, name the file, say what to do, and leave the directory as it was.
  void ExpectRefusedAndUntouched(const std::string& why) {
    SCOPED_TRACE(why);
    const std::string db = DatabaseFile(options_);
    const std::string before = ReadFile(db);
    auto store = OpenSqliteStore(options_);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().message_id(), "storage-corrupt");
    const std::string& message = store.status().message();
    EXPECT_NE(message.find(fs::absolute(db).string()), std::string::npos) << message;
    EXPECT_NE(message.find("left untouched"), std::string::npos) << message;
    EXPECT_NE(message.find("restore it from a backup"), std::string::npos) << message;
    EXPECT_TRUE(ReadFile(db) == before) << "the file changed";
    EXPECT_FALSE(fs::exists(db + "-wal"));
    EXPECT_FALSE(fs::exists(db + "-shm"));
  }

  inlet::testing::TempDir dir_;
  SqliteOptions options_;
  int64_t endpoint_key_ = 0;
};

TEST_F(CorruptFilesTest, InletDbOfRandomBytesIsRefusedAndLeftUntouched) {
  fs::create_directories(options_.data_dir);
  WriteFile(DatabaseFile(options_), RandomBytes(64 * 1024));
  ExpectRefusedAndUntouched("random bytes");
  WriteFile(DatabaseFile(options_), RandomBytes(60));
  ExpectRefusedAndUntouched("shorter than a header");
}

TEST_F(CorruptFilesTest, InletDbCutShortIsRefusedAndLeftUntouched) {
  MakeStore(2000);
  const std::string db = DatabaseFile(options_);
  ASSERT_FALSE(fs::exists(db + "-wal"));
  const std::string whole = ReadFile(db);
  ASSERT_GT(whole.size(), 40u * 4096);
  WriteFile(db, whole.substr(0, whole.size() / 2 / 4096 * 4096));
  ExpectRefusedAndUntouched("cut at a page boundary");
  WriteFile(db, whole.substr(0, whole.size() / 2 + 77));
  ExpectRefusedAndUntouched("cut inside a page");
}

TEST_F(CorruptFilesTest, InletDbWithAGarbledSchemaIsRefusedAndNothingIsLeftBesideIt) {
  // The header is intact (and says WAL, so reading makes -wal and -shm files); the rest
  // of the first page, where the schema lives, is not.
  MakeStore(10);
  const std::string db = DatabaseFile(options_);
  std::string bytes = ReadFile(db);
  bytes.replace(100, 3996, RandomBytes(3996));
  WriteFile(db, bytes);
  ExpectRefusedAndUntouched("garbled schema page");
}

TEST_F(CorruptFilesTest, CorruptSearchIndexIsRebuiltFromTheRecords) {
  MakeStore(50);
  auto store = OpenStore(options_);
  const std::string search_db = options_.data_dir + "/search.db";
  for (const std::string& garbage :
       {RandomBytes(32 * 1024), std::string("SQLite format 3\0", 16) + RandomBytes(5000)}) {
    WriteFile(search_db, garbage);
    auto index = SearchIndex::Open(options_.data_dir, *store, /*poll_ms=*/10);
    ASSERT_TRUE(index.ok()) << index.status().message();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (*(*index)->Lag(endpoint_key_) > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    auto found = (*index)->Search(endpoint_key_, "oslo", std::nullopt, 100);
    ASSERT_TRUE(found.ok()) << found.status().message();
    EXPECT_EQ(found->size(), 50u);
  }
}

}  // namespace
}  // namespace inlet::store::testing
