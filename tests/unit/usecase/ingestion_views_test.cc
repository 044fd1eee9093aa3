// What IngestionViews adds to the store's reads, over a real SQLite store: where a preview
// page's next cursor points (the store's byte bound, the limit, a sink that is full), and
// who may read a receipt. The answers of the routes are checked in tests/e2e.
#include "inlet/usecase/ingestion_views.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "inlet/common/uuid.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace inlet::usecase {
namespace {

class IngestionViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const store::SqliteOptions options = store::testing::OptionsIn(dir_);
    store_ = store::testing::OpenStore(options);
    auto search = store::SearchIndex::Open(options.data_dir, *store_, /*poll_ms=*/5);
    ASSERT_TRUE(search.ok()) << search.status().message();
    search_ = std::move(*search);
    profiles_ = std::make_unique<FieldProfiles>(*store_);
    processor_ = std::make_unique<processing::Processor>(*store_, processing::ProcessorOptions{});
    views_ = std::make_unique<IngestionViews>(*store_, *store_, *store_, *search_, *profiles_,
                                              *processor_);
    auto created =
        store_->CreateEndpoint(store::testing::MakeEndpoint("customers", "CRM", "Sales"));
    ASSERT_TRUE(created.ok()) << created.status().message();
    endpoint_ = *created;
  }

  // Stores `records` as one receipt's; returns the receipt id.
  std::string Append(const std::vector<std::string>& records) {
    return store::testing::AppendRecords(*store_, endpoint_.key, records).receipt_id;
  }

  // The seqs of one page, the sink taking at most `room` records.
  std::vector<int64_t> Page(const RecordFilter& filter, RecordPageEnd& end,
                            size_t room = SIZE_MAX) {
    std::vector<int64_t> taken;
    auto page = views_->Records(endpoint_, filter, [&](const store::StoredRecord& record) {
      if (taken.size() == room) return false;
      taken.push_back(record.seq);
      return true;
    });
    EXPECT_TRUE(page.ok()) << page.status().message();
    if (page.ok()) end = *page;
    return taken;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::SearchIndex> search_;
  std::unique_ptr<FieldProfiles> profiles_;
  std::unique_ptr<processing::Processor> processor_;
  std::unique_ptr<IngestionViews> views_;
  store::Endpoint endpoint_;
};

std::string RecordOfBytes(size_t bytes) {
  const std::string frame = R"({"text":""})";
  return R"({"text":")" + std::string(bytes - frame.size(), 'x') + R"("})";
}

TEST_F(IngestionViewsTest, APageCutAtTheByteBoundGoesOnAfterItsLastRecord) {
  Append({RecordOfBytes(100), RecordOfBytes(100), RecordOfBytes(100), RecordOfBytes(100),
          RecordOfBytes(100)});
  RecordFilter filter;
  filter.limit = 100;
  filter.max_bytes = 250;
  RecordPageEnd end;
  std::vector<int64_t> taken = Page(filter, end);
  ASSERT_EQ(taken.size(), 3u);  // the third reaches 250 bytes
  EXPECT_EQ(end.next, taken.back());

  filter.before_seq = end.next;
  taken = Page(filter, end);
  EXPECT_EQ(taken.size(), 2u);
  EXPECT_EQ(end.next, std::nullopt);
}

TEST_F(IngestionViewsTest, APageAtItsLimitGoesOnAfterItsLastRecord) {
  Append({R"({"a":1})", R"({"a":2})", R"({"a":3})"});
  RecordFilter filter;
  filter.limit = 3;
  RecordPageEnd end;
  std::vector<int64_t> taken = Page(filter, end);
  ASSERT_EQ(taken.size(), 3u);
  EXPECT_EQ(end.next, taken.back());

  filter.limit = 4;
  EXPECT_EQ(Page(filter, end).size(), 3u);
  EXPECT_EQ(end.next, std::nullopt);
}

TEST_F(IngestionViewsTest, ASearchStopsReadingWhenTheSinkIsFull) {
  std::vector<std::string> records;
  for (int i = 0; i < 40; ++i)
    records.push_back(R"({"city":"Oslo","n":)" + std::to_string(i) + "}");
  Append(records);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (*search_->Lag(endpoint_.key) != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  RecordFilter filter;
  filter.search = "oslo";
  filter.limit = 40;
  RecordPageEnd end;
  int offered = 0;
  auto page =
      views_->Records(endpoint_, filter, [&](const store::StoredRecord&) { return ++offered < 3; });
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(offered, 3);  // the third was refused, and nothing offered after it
  EXPECT_EQ(page->index_lag, 0);
  // Every match was found: where the whole page would have gone on (the caller continues
  // from the last record it took instead).
  EXPECT_TRUE(page->next.has_value());

  filter.limit = 41;
  EXPECT_EQ(Page(filter, end).size(), 40u);
  EXPECT_EQ(end.next, std::nullopt);
}

TEST_F(IngestionViewsTest, AReceiptIsReadOnlyByTokensThatMayReadItsEndpoint) {
  const std::string receipt_id = Append({R"({"a":1})"});
  auth::Principal reader;
  reader.scopes = {"read"};
  auto receipt = views_->FindReceipt(reader, receipt_id);
  ASSERT_TRUE(receipt.ok()) << receipt.status().message();
  EXPECT_EQ(receipt->endpoint_id, endpoint_.id);

  auth::Principal elsewhere = reader;
  elsewhere.endpoint_ids = {NewUuidV4()};
  EXPECT_EQ(views_->FindReceipt(elsewhere, receipt_id).status().code(),
            StatusCode::kPermissionDenied);
  // Unknown is told before forbidden: there is no endpoint to refuse.
  Status unknown = views_->FindReceipt(elsewhere, NewUuidV7()).status();
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.message_id(), "receipt-not-found");
}

}  // namespace
}  // namespace inlet::usecase
