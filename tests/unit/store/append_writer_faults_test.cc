// The group commit when the disk fails in the middle of a batch (SPEC §8 "Faults"): a
// write the file system refuses makes SQLite roll the whole transaction back, so every
// receipt of that batch must fail and none be stored, not only the one being written.
//
// The writer runs on its own connection with a page cache of a few pages, so a large
// receipt spills pages into the WAL while it is written, and a refused write surfaces
// in the middle of the batch rather than at its COMMIT.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "store/append_writer.h"
#include "store_test_util.h"
#include "support/faulty_vfs.h"

namespace inlet::store::testing {
namespace {

using inlet::testing::FaultyVfs;

struct Outcome {
  Status status;
  int64_t last_record_seq = 0;
};

ReceiptToStore Receipt(int64_t endpoint_key, int records, const std::string& idempotency_key) {
  ReceiptToStore receipt;
  receipt.id = NewUuidV7();
  receipt.endpoint_key = endpoint_key;
  receipt.received_at_ms = 1000;
  receipt.http_status = 200;
  receipt.received = receipt.accepted = records;
  receipt.response = "{\"success\":true}";
  for (int i = 0; i < records; ++i) {
    receipt.records.push_back(
        {i, "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(100, 'p') + "\"}"});
  }
  receipt.logs.push_back(
      {IssueLevel::kWarning, IssueDomain::kParsing, "dot-in-property", "e.mail", "dots", 1, {0}});
  if (!idempotency_key.empty()) {
    receipt.idempotency = IdempotencyToStore{idempotency_key, Sha256Digest{}};
  }
  return receipt;
}

class AppendWriterFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    vfs_ = &FaultyVfs::Install();
    options_ = OptionsIn(dir_);
    {
      auto store = OpenStore(options_);
      auto endpoint = store->CreateEndpoint(MakeEndpoint("customers", "CRM", "Sales"));
      ASSERT_TRUE(endpoint.ok()) << endpoint.status().message();
      endpoint_key_ = endpoint->key;
    }
    data_dir_ = std::filesystem::canonical(options_.data_dir).string();
    auto db = Connection::Open(DatabaseFile(options_), /*create=*/false, 5000);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Exec("PRAGMA cache_size = 64", "small cache").ok());
    writer_ = std::make_unique<AppendWriter>(*db_, mutex_, health_, changes_);
  }

  void TearDown() override {
    vfs_->Heal();
    writer_.reset();
  }

  // Commits `first` alone, runs `between` on the writer thread once it is committed, and
  // then commits `batch` as one group; returns the batch's outcomes in order.
  std::vector<Outcome> CommitAsOneBatch(ReceiptToStore first, std::function<void()> between,
                                        std::vector<ReceiptToStore> batch) {
    std::promise<void> first_done;
    std::vector<std::promise<Outcome>> done(batch.size());
    {
      // While the test holds the connection's mutex, the writer takes `first` and waits;
      // everything submitted meanwhile queues up behind it and forms the next batch.
      std::lock_guard hold(mutex_);
      writer_->Submit(std::move(first), [&](const Status& status, int64_t) {
        EXPECT_TRUE(status.ok()) << status.message();
        between();
        first_done.set_value();
      });
      while (!mutex_.contended()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      for (size_t i = 0; i < batch.size(); ++i) {
        writer_->Submit(std::move(batch[i]), [&done, i](const Status& status, int64_t last) {
          done[i].set_value({status, last});
        });
      }
    }
    first_done.get_future().wait();
    std::vector<Outcome> outcomes;
    for (auto& promise : done) outcomes.push_back(promise.get_future().get());
    return outcomes;
  }

  Outcome CommitOne(ReceiptToStore receipt) {
    std::promise<Outcome> done;
    writer_->Submit(std::move(receipt), [&done](const Status& status, int64_t last) {
      done.set_value({status, last});
    });
    return done.get_future().get();
  }

  int64_t Count(const std::string& sql) { return RawDb(DatabaseFile(options_)).QueryInt(sql); }

  inlet::testing::TempDir dir_;
  FaultyVfs* vfs_ = nullptr;
  SqliteOptions options_;
  std::string data_dir_;
  int64_t endpoint_key_ = 0;
  std::unique_ptr<Connection> db_;
  WriterMutex mutex_;
  WriteHealth health_;
  ChangeSignal changes_;
  std::unique_ptr<AppendWriter> writer_;
};

TEST_F(AppendWriterFaultTest, IoErrorMidBatchStoresNoReceiptOfTheBatchNotEvenLaterOnes) {
  // One refused write, then the disk works again: the receipt after the failing one
  // must not commit on its own in the autocommit mode SQLite's rollback left behind.
  auto outcomes =
      CommitAsOneBatch(Receipt(endpoint_key_, 1, ""),
                       [&] { vfs_->FailWrites(data_dir_, SQLITE_IOERR_WRITE, /*failures=*/1); },
                       {Receipt(endpoint_key_, 1, "key-a"), Receipt(endpoint_key_, 5000, ""),
                        Receipt(endpoint_key_, 2, "key-c")});
  ASSERT_EQ(vfs_->failed_writes(), 1) << "the fault did not fire inside the batch";
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.status.code(), StatusCode::kUnavailable) << outcome.status.message();
    EXPECT_EQ(outcome.status.message_id(), "storage-unavailable");
  }
  EXPECT_EQ(Count("SELECT count(*) FROM receipts"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM records"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM logs"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency_keys"), 0);
  EXPECT_EQ(Count("SELECT value FROM store_meta WHERE name = 'record_seq'"), 1);
}

TEST_F(AppendWriterFaultTest, NextBatchAfterAFailedOneCommitsWithContiguousSeqs) {
  CommitAsOneBatch(Receipt(endpoint_key_, 1, ""),
                   [&] { vfs_->FailWrites(data_dir_, SQLITE_IOERR_WRITE, /*failures=*/1); },
                   {Receipt(endpoint_key_, 1, "key-a"), Receipt(endpoint_key_, 5000, ""),
                    Receipt(endpoint_key_, 2, "key-c")});
  // The same idempotency key again, and seqs that follow the last stored one.
  Outcome next = CommitOne(Receipt(endpoint_key_, 3, "key-c"));
  ASSERT_TRUE(next.status.ok()) << next.status.message();
  EXPECT_EQ(next.last_record_seq, 4);
  EXPECT_EQ(Count("SELECT count(*) FROM records"), 4);
  EXPECT_EQ(Count("SELECT min(seq) FROM records WHERE seq > 1"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency_keys"), 1);
  EXPECT_EQ(Count("SELECT record_count FROM endpoints"), 4);
}

TEST_F(AppendWriterFaultTest, FullDiskFailsTheWholeBatchAndCommitsResumeOnceSpaceIsBack) {
  auto outcomes = CommitAsOneBatch(
      Receipt(endpoint_key_, 1, ""), [&] { vfs_->FailWrites(data_dir_, SQLITE_FULL); },
      {Receipt(endpoint_key_, 1, "key-a"), Receipt(endpoint_key_, 5000, ""),
       Receipt(endpoint_key_, 2, "key-c")});
  ASSERT_GT(vfs_->failed_writes(), 0) << "the fault did not fire inside the batch";
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.status.code(), StatusCode::kStorageFull) << outcome.status.message();
    EXPECT_EQ(outcome.status.message_id(), "storage-full");
    EXPECT_EQ(outcome.last_record_seq, 0);
  }
  // Still full: a later commit fails the same way, and takes nothing with it.
  EXPECT_FALSE(CommitOne(Receipt(endpoint_key_, 2, "")).status.ok());
  vfs_->Heal();
  Outcome after = CommitOne(Receipt(endpoint_key_, 2, "key-a"));
  ASSERT_TRUE(after.status.ok()) << after.status.message();
  EXPECT_EQ(after.last_record_seq, 3);
  EXPECT_EQ(Count("SELECT count(*) FROM receipts"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM records"), 3);
  EXPECT_EQ(Count("SELECT max(seq) FROM records"), 3);
}

TEST_F(AppendWriterFaultTest, FailedCommitOnAFullDiskTruncatesTheWalItWrote) {
  const std::string wal = DatabaseFile(options_) + "-wal";
  CommitAsOneBatch(
      Receipt(endpoint_key_, 1, ""),
      [&] {
        // Everything committed so far is in inlet.db, so truncating needs no write.
        ASSERT_EQ(sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                            nullptr, nullptr),
                  SQLITE_OK);
        // The disk fills up while the large receipt spills its pages into the WAL.
        vfs_->FailWrites(data_dir_, SQLITE_FULL, /*failures=*/-1, /*succeed_first=*/20);
      },
      {Receipt(endpoint_key_, 5000, "")});
  ASSERT_GT(vfs_->failed_writes(), 0) << "the fault did not fire inside the batch";
  EXPECT_EQ(std::filesystem::file_size(wal), 0u);
}

}  // namespace
}  // namespace inlet::store::testing
