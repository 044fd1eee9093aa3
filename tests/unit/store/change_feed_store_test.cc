// The store's side of SPEC §11: migration 7 on a database of the release before it, the
// change rows every golden-record write appends, what a reader of the feed skips, and
// retention of the feed.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/migrations.h"
#include "store/sqlite_connection.h"
#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

// A golden record of `type` made in its own slice; its key.
int64_t Create(Store& store, const std::string& type, int64_t now_ms) {
  int64_t key = 0;
  Status done = store.RunGoldenSlice([&](GoldenWriter& writer) -> Status {
    GoldenState state;
    state.now_ms = now_ms;
    INLET_ASSIGN_OR_RETURN(auto head, writer.CreateGolden(type, state));
    key = head.key;
    return Status::Ok();
  });
  EXPECT_TRUE(done.ok()) << done.message();
  return key;
}

void Slice(Store& store, const std::function<Status(GoldenWriter&)>& work) {
  Status done = store.RunGoldenSlice(work);
  ASSERT_TRUE(done.ok()) << done.message();
}

ChangePage Read(Store& store, std::optional<int64_t> after,
                std::optional<std::string> type = std::nullopt) {
  ChangeQuery query;
  query.after_seq = after;
  query.entity_type = std::move(type);
  auto page = store.ReadChanges(query);
  EXPECT_TRUE(page.ok()) << page.status().message();
  return page.ok() ? *page : ChangePage{};
}

TEST(ChangeFeedStore, EveryGoldenWriteAppendsAChangeAndReadersSkipSupersededUpserts) {
  inlet::testing::TempDir dir;
  auto store = OpenStore(OptionsIn(dir));
  EXPECT_EQ(Read(*store, std::nullopt).next_seq, 0);
  const int64_t ann = Create(*store, "/Customer", 1000);
  const int64_t bob = Create(*store, "/Customer", 1000);
  const int64_t eve = Create(*store, "/Employee", 1000);
  EXPECT_EQ(*store->LatestChangeSeq(), 3);
  Slice(*store, [&](GoldenWriter& writer) -> Status {
    GoldenState state;
    state.key = ann;
    state.name = "Ann";
    state.now_ms = 2000;
    INLET_RETURN_IF_ERROR(writer.SaveGolden(state));            // 4: supersedes 1
    INLET_RETURN_IF_ERROR(writer.MergeGolden(bob, ann, 2000));  // 5: Bob's delete
    return writer.DeleteGolden(eve, 2000);                      // 6: Eve's delete
  });

  auto page = Read(*store, std::nullopt);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.next_seq, 6);
  EXPECT_FALSE(page.more);
  EXPECT_EQ(page.items[0].seq, 4);
  EXPECT_EQ(page.items[0].op, ChangeOp::kUpsert);
  ASSERT_TRUE(page.items[0].entity);
  EXPECT_EQ(page.items[0].entity->name, "Ann");
  EXPECT_EQ(page.items[0].entity->merged_from, std::vector<std::string>{page.items[1].entity_id});
  EXPECT_EQ(page.items[0].at_ms, 2000);
  EXPECT_EQ(page.items[1].op, ChangeOp::kDelete);
  EXPECT_EQ(page.items[1].merged_into, page.items[0].entity_id);
  EXPECT_FALSE(page.items[1].entity);
  EXPECT_EQ(page.items[2].op, ChangeOp::kDelete);
  EXPECT_EQ(page.items[2].entity_type, "/Employee");
  EXPECT_EQ(page.items[2].merged_into, "");

  // After a cursor; by type; a type nobody has still moves the cursor to the end.
  EXPECT_EQ(Read(*store, 4).items.size(), 2u);
  EXPECT_EQ(Read(*store, 6).items.size(), 0u);
  EXPECT_EQ(Read(*store, 6).next_seq, 6);
  EXPECT_EQ(Read(*store, std::nullopt, "/Employee").items.size(), 1u);
  auto none = Read(*store, std::nullopt, "/Nobody");
  EXPECT_TRUE(none.items.empty());
  EXPECT_EQ(none.next_seq, 6);

  // A bounded look: the page says where to go on.
  ChangeQuery few;
  few.max_examined = 2;
  auto first = store->ReadChanges(few);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->items.empty()) << "changes 1 and 2 were superseded";
  EXPECT_EQ(first->next_seq, 2);
  EXPECT_TRUE(first->more);
}

TEST(ChangeFeedStore, RetentionRemovesOldChangesExpiresTheirCursorsAndSeqsNeverRestart) {
  inlet::testing::TempDir dir;
  auto store = OpenStore(OptionsIn(dir));
  for (int i = 0; i < 3; ++i) Create(*store, "/Customer", 1000);
  Create(*store, "/Customer", 5000);
  ASSERT_TRUE(store->Prune({0, 0, 2000}).ok());
  ChangeQuery before_the_cut;
  before_the_cut.after_seq = 2;
  auto expired = store->ReadChanges(before_the_cut);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), StatusCode::kGone);
  EXPECT_EQ(expired.status().message_id(), "cursor-expired");
  EXPECT_EQ(Read(*store, 3).items.size(), 1u) << "the last cursor removed is still good";
  EXPECT_EQ(Read(*store, std::nullopt).items.size(), 1u);

  // Everything gone: the next change still gets a seq past every one handed out.
  ASSERT_TRUE(store->Prune({0, 0, 9000}).ok());
  EXPECT_EQ(*store->LatestChangeSeq(), 4);
  EXPECT_TRUE(Read(*store, 4).items.empty());
  Create(*store, "/Customer", 9500);
  auto next = Read(*store, 4);
  ASSERT_EQ(next.items.size(), 1u);
  EXPECT_EQ(next.items[0].seq, 5);
  store.reset();
  // And so after a restart.
  store = OpenStore(OptionsIn(dir));
  Create(*store, "/Customer", 9600);
  EXPECT_EQ(*store->LatestChangeSeq(), 6);
}

TEST(ChangeFeedStore, TheListenerHearsOfCommittedChangesOnly) {
  inlet::testing::TempDir dir;
  auto store = OpenStore(OptionsIn(dir));
  int heard = 0;
  store->SetChangeListener([&] { ++heard; });
  Create(*store, "/Customer", 1000);
  EXPECT_EQ(heard, 1);
  Status failed = store->RunGoldenSlice([&](GoldenWriter& writer) -> Status {
    GoldenState state;
    state.now_ms = 1000;
    INLET_RETURN_IF_ERROR(writer.CreateGolden("/Customer", state).status());
    return Status::Internal("rolled back");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(heard, 1);
  EXPECT_EQ(*store->LatestChangeSeq(), 1) << "the rolled-back change left nothing";
  Slice(*store, [](GoldenWriter&) { return Status::Ok(); });
  EXPECT_EQ(heard, 1) << "a slice that changed nothing wakes nobody";
}

TEST(ChangeFeedStore, MigrationSevenDerivesOutcomesCountsAndAChangePerLiveGoldenRecord) {
  inlet::testing::TempDir dir;
  const SqliteOptions options = OptionsIn(dir);
  std::filesystem::create_directories(options.data_dir);
  {
    auto db = Connection::Open(DatabaseFile(options), /*create=*/true, 5000);
    ASSERT_TRUE(db.ok()) << db.status().message();
    ASSERT_TRUE(ApplyMigrationsUpTo(**db, 6).ok());
    // What release 6 left: one receipt of three records; golden record 1 made by record 1
    // and joined by record 2, golden record 2 made by record 3, golden record 3 merged
    // into 1.
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
INSERT INTO groups (id, name, created_at) VALUES (1, 'g', 0);
INSERT INTO sources (id, group_id, name, created_at) VALUES (1, 1, 's', 0);
INSERT INTO endpoints (key, id, name, source_id, mode, status, mapping, created_at, updated_at)
  VALUES (1, 'e', 'n', 1, 'manual', 'processed', '{}', 0, 0);
INSERT INTO receipts (seq, id, endpoint_key, received_at, http_status, golden_records,
  first_record_seq, last_record_seq) VALUES (1, 'r', 1, 0, 200, 2, 1, 3);
INSERT INTO records (seq, endpoint_key, receipt_seq, row_index, id, received_at, data) VALUES
  (1, 1, 1, 0, 'rec-1', 0, '{}'), (2, 1, 1, 1, 'rec-2', 0, '{}'), (3, 1, 1, 2, 'rec-3', 0, '{}');
INSERT INTO golden_records (key, id, entity_type, shadow, merged_into, created_at, updated_at)
  VALUES (1, 'g-1', '/C', 0, NULL, 0, 0), (2, 'g-2', '/C', 0, NULL, 0, 0),
         (3, 'g-3', '/C', 0, 1, 0, 0);
INSERT INTO data_parts (part_order, endpoint_key, record_seq, record_id, receipt_seq,
  receipt_id, golden_key, clue_hash, payload) VALUES
  (10, 1, 1, 'rec-1', 1, 'r', 1, x'00', '{}'), (11, 1, 3, 'rec-3', 1, 'r', 2, x'00', '{}'),
  (12, 1, 2, 'rec-2', 1, 'r', 1, x'00', '{}');
)sql",
                           "make a release-6 database")
                    .ok());
  }
  auto store = OpenStore(options);
  auto outcomes = store->ReceiptOutcomes({1, 1, 3}, std::nullopt, 10);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_EQ((*outcomes)[0].outcome, RecordOutcome::kCreated);
  EXPECT_EQ((*outcomes)[0].entity_id, "g-1");
  EXPECT_EQ((*outcomes)[0].row_index, 0);
  EXPECT_EQ((*outcomes)[1].outcome, RecordOutcome::kMerged);
  EXPECT_EQ((*outcomes)[1].record_id, "rec-2");
  EXPECT_EQ((*outcomes)[2].outcome, RecordOutcome::kCreated);
  EXPECT_EQ((*outcomes)[2].entity_id, "g-2");
  auto receipt = store->GetReceipt("r");
  ASSERT_TRUE(receipt.ok());
  EXPECT_EQ(receipt->golden.created, 2);
  EXPECT_EQ(receipt->golden.merged, 1);
  auto page = Read(*store, std::nullopt);
  ASSERT_EQ(page.items.size(), 2u) << "the live golden records, not the one merged away";
  EXPECT_EQ(page.items[0].entity_id, "g-1");
  EXPECT_EQ(page.items[1].entity_id, "g-2");
  ASSERT_TRUE(page.items[1].entity);
}

}  // namespace
}  // namespace inlet::store::testing
