// The change feed's use case (SPEC §11): cursors, and long polls parked without a thread
// until a commit or their time, over a real store.
#include "inlet/usecase/change_feed.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "inlet/store/sqlite_store.h"
#include "support/temp_dir.h"

namespace inlet::usecase {
namespace {

using namespace std::chrono_literals;

TEST(ChangeCursorTest, IsSixteenLowerHexDigitsThatSortLikeTheSeq) {
  EXPECT_EQ(ChangeCursor(0), "0000000000000000");
  EXPECT_EQ(ChangeCursor(255), "00000000000000ff");
  EXPECT_LT(ChangeCursor(9), ChangeCursor(10));
  EXPECT_LT(ChangeCursor(0xffff), ChangeCursor(0x10000));
  EXPECT_EQ(ParseChangeCursor(ChangeCursor(123456789)), 123456789);
  EXPECT_EQ(ParseChangeCursor("7fffffffffffffff"), INT64_MAX);
  for (const char* bad : {"", "12", "00000000000000FF", "000000000000000g", "8000000000000000",
                          "00000000000000000"}) {
    EXPECT_FALSE(ParseChangeCursor(bad)) << bad;
  }
}

class ChangeFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions options;
    options.data_dir = dir_.File("data");
    options.reader_connections = 2;
    auto opened = store::OpenSqliteStore(options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(*opened);
  }

  void CreateGolden() {
    Status done = store_->RunGoldenSlice([](store::GoldenWriter& writer) -> Status {
      store::GoldenState state;
      state.now_ms = 1000;
      return writer.CreateGolden("/Customer", state).status();
    });
    ASSERT_TRUE(done.ok()) << done.message();
  }

  // Reads through `feed`; the future holds the page (or the error's message id).
  std::future<Result<store::ChangePage>> Read(ChangeFeed& feed, std::optional<int64_t> after,
                                              int wait_seconds) {
    auto promise = std::make_shared<std::promise<Result<store::ChangePage>>>();
    ChangeRead request;
    request.after_seq = after;
    request.wait_seconds = wait_seconds;
    feed.Read(request,
              [promise](Result<store::ChangePage> page) { promise->set_value(std::move(page)); });
    return promise->get_future();
  }

  inlet::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  WorkQueue readers_{2};
};

TEST_F(ChangeFeedTest, AWaitingReadIsAnsweredByTheNextCommitNotBefore) {
  ChangeFeed feed(*store_, readers_, 10);
  store_->SetChangeListener([&] { feed.ChangesCommitted(); });
  auto waiting = Read(feed, 0, 30);
  EXPECT_EQ(waiting.wait_for(200ms), std::future_status::timeout);
  const auto committed_at = std::chrono::steady_clock::now();
  CreateGolden();
  ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - committed_at, 5s);
  auto page = waiting.get();
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].seq, 1);
  EXPECT_EQ(page->next_seq, 1);
  store_->SetChangeListener(nullptr);
}

TEST_F(ChangeFeedTest, AReadThatFindsChangesOrMayNotWaitIsAnsweredAtOnce) {
  CreateGolden();
  ChangeFeed feed(*store_, readers_, 10);
  auto found = Read(feed, std::nullopt, 30);
  ASSERT_EQ(found.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(found.get()->items.size(), 1u);
  auto no_wait = Read(feed, 1, 0);
  ASSERT_EQ(no_wait.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(no_wait.get()->items.empty());
  // Past the number that may wait: answered at once, with nothing.
  ChangeFeed full(*store_, readers_, 0);
  auto refused = Read(full, 1, 30);
  ASSERT_EQ(refused.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(refused.get()->items.empty());
}

TEST_F(ChangeFeedTest, AnEmptyWaitEndsOnTimeWithTheSameCursor) {
  CreateGolden();
  ChangeFeed feed(*store_, readers_, 10);
  const auto started = std::chrono::steady_clock::now();
  auto waiting = Read(feed, 1, 1);
  ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 900ms);
  auto page = waiting.get();
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->items.empty());
  EXPECT_EQ(page->next_seq, 1);
}

TEST_F(ChangeFeedTest, StopAnswersTheWaitingReadsAndLaterOnesDoNotWait) {
  ChangeFeed feed(*store_, readers_, 10);
  auto waiting = Read(feed, 0, 60);
  EXPECT_EQ(waiting.wait_for(200ms), std::future_status::timeout);
  feed.Stop();
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(waiting.get()->items.empty());
  auto later = Read(feed, 0, 60);
  ASSERT_EQ(later.wait_for(5s), std::future_status::ready);
  readers_.Drain();
}

TEST_F(ChangeFeedTest, AnExpiredCursorIsAnError) {
  CreateGolden();
  CreateGolden();
  ASSERT_TRUE(store_->Prune({0, 0, 2000}).ok());
  ChangeFeed feed(*store_, readers_, 10);
  auto expired = Read(feed, 1, 30);
  ASSERT_EQ(expired.wait_for(5s), std::future_status::ready);
  auto page = expired.get();
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().message_id(), "cursor-expired");
}

}  // namespace
}  // namespace inlet::usecase
