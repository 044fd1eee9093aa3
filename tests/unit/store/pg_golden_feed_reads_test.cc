// PgGoldenReads: what a receipt's records came to, the change feed, history and keep-apart
// rules, written with plain SQL and read back as the SQLite store reads them.
#include "pg_golden_reads_fixture.h"

namespace inlet::store::pg_testing {
namespace {

TEST_F(PgGoldenReadsTest, ReceiptOutcomesMergeProcessedAndPendingRecords) {
  const int64_t ann = AddGolden("id-ann", "/Customer");
  const int64_t bob = AddGolden("id-bob", "/Customer");
  const int64_t old = AddGolden("id-old", "/Customer");
  Merge(old, ann);
  Query(
      "INSERT INTO records (seq, endpoint_key, receipt_seq, row_index, id, received_at, data) "
      "SELECT s, $1, 1, s - 10, 'r' || s, 0, '{}' FROM generate_series(9, 14) s",
      {endpoint_});
  auto outcome = [&](int64_t seq, RecordOutcome what, std::optional<int64_t> golden,
                     std::optional<int64_t> row_index) {
    Query(
        "INSERT INTO record_outcomes (endpoint_key, record_seq, row_index, record_id, outcome, "
        "golden_key) VALUES ($1, $2, $3, $4, $5, $6)",
        {endpoint_, seq, row_index, "r" + std::to_string(seq), static_cast<int64_t>(what), golden});
  };
  outcome(9, RecordOutcome::kCreated, bob, 0);
  outcome(10, RecordOutcome::kCreated, ann, 0);
  outcome(11, RecordOutcome::kMerged, old, 1);
  outcome(12, RecordOutcome::kFailed, std::nullopt, 2);
  outcome(15, RecordOutcome::kUnchanged, bob, std::nullopt);  // its record was cleared

  const RecordRange range{endpoint_, 10, 15};
  auto all = reads_->ReceiptOutcomes(range, std::nullopt, 100);
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 6u);
  const std::vector<RecordOutcome> expected = {RecordOutcome::kCreated, RecordOutcome::kMerged,
                                               RecordOutcome::kFailed,  RecordOutcome::kPending,
                                               RecordOutcome::kPending, RecordOutcome::kUnchanged};
  const std::vector<std::string> entities = {"id-ann", "id-ann", "", "", "", "id-bob"};
  for (size_t i = 0; i < all->size(); ++i) {
    const RecordOutcomeRef& got = (*all)[i];
    EXPECT_EQ(got.record_seq, static_cast<int64_t>(10 + i));
    EXPECT_EQ(got.record_id, "r" + std::to_string(10 + i));
    EXPECT_EQ(got.outcome, expected[i]) << i;
    EXPECT_EQ(got.entity_id, entities[i]) << i << ": a merged-away one's survivor";
  }
  EXPECT_EQ((*all)[3].row_index, 3) << "a pending record's row";
  EXPECT_FALSE((*all)[5].row_index.has_value());

  auto page = reads_->ReceiptOutcomes(range, 11, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].record_seq, 12);
  EXPECT_EQ((*page)[1].record_seq, 13);
}

TEST_F(PgGoldenReadsTest, TheChangeFeedSkipsSupersededUpsertsAndReadsTheirGoldenRecords) {
  EXPECT_EQ(Changes().next_seq, 0) << "an empty feed";
  EXPECT_EQ(*reads_->LatestChangeSeq(), 0);
  const int64_t ann = AddGolden("id-ann", "/Customer", "Ann");
  const int64_t bob = AddGolden("id-bob", "/Customer");
  const int64_t eve = AddGolden("id-eve", "/Employee");
  AddCode("A1", ann);
  AddPart(ann, 1);
  EXPECT_EQ(Upsert(ann), 1);
  EXPECT_EQ(Upsert(bob), 2);
  EXPECT_EQ(Upsert(eve), 3);
  EXPECT_EQ(Upsert(ann), 4);  // supersedes 1
  EXPECT_EQ(DeleteChange(bob, "id-ann"), 5);
  Merge(bob, ann);
  EXPECT_EQ(DeleteChange(eve), 6);
  Query("DELETE FROM golden_records WHERE key = $1", {eve});

  ChangePage page = Changes();
  EXPECT_EQ(SeqsOf(page), (std::vector<int64_t>{4, 5, 6}));
  EXPECT_EQ(page.next_seq, 6);
  EXPECT_FALSE(page.more);
  ASSERT_EQ(page.items.size(), 3u);
  const GoldenChange& upsert = page.items[0];
  EXPECT_EQ(upsert.op, ChangeOp::kUpsert);
  EXPECT_EQ(upsert.entity_id, "id-ann");
  EXPECT_EQ(upsert.entity_type, "/Customer");
  EXPECT_EQ(upsert.at_ms, 3000);
  ASSERT_TRUE(upsert.entity.has_value());
  EXPECT_EQ(upsert.entity->name, "Ann");
  EXPECT_EQ(upsert.entity->codes, std::vector<std::string>{"A1"});
  EXPECT_EQ(upsert.entity->part_count, 1);
  EXPECT_EQ(upsert.entity->merged_from, std::vector<std::string>{"id-bob"});
  EXPECT_EQ(page.items[1].op, ChangeOp::kDelete);
  EXPECT_EQ(page.items[1].merged_into, "id-ann");
  EXPECT_FALSE(page.items[1].entity.has_value());
  EXPECT_EQ(page.items[2].entity_id, "id-eve");
  EXPECT_EQ(page.items[2].merged_into, "");

  ChangePage employees = Changes([&](auto& q) { q.entity_type = "/Employee"; });
  EXPECT_EQ(SeqsOf(employees), std::vector<int64_t>{6});
  EXPECT_EQ(employees.next_seq, 6);
  EXPECT_EQ(*reads_->LatestChangeSeq(), 6);
}

TEST_F(PgGoldenReadsTest, TheChangeFeedPagesByLimitAndExaminesAtMostMaxExamined) {
  for (int i = 1; i <= 10; ++i) {
    Upsert(AddGolden("id-" + std::to_string(i), i <= 8 ? "/A" : "/B"));
  }
  using Seqs = std::vector<int64_t>;
  ChangePage first = Changes([&](auto& q) { q.limit = 3; });
  EXPECT_EQ(SeqsOf(first), (Seqs{1, 2, 3}));
  EXPECT_EQ(first.next_seq, 3);
  EXPECT_TRUE(first.more);
  ChangePage second = Changes([&](auto& q) {
    q.after_seq = 3;
    q.limit = 3;
  });
  EXPECT_EQ(SeqsOf(second), (Seqs{4, 5, 6}));
  EXPECT_EQ(second.next_seq, 6);
  ChangePage last = Changes([&](auto& q) {
    q.after_seq = 9;
    q.limit = 3;
  });
  EXPECT_EQ(SeqsOf(last), Seqs{10});
  EXPECT_EQ(last.next_seq, 10);
  EXPECT_FALSE(last.more);
  ChangePage full = Changes([&](auto& q) { q.limit = 10; });
  EXPECT_EQ(full.items.size(), 10u);
  EXPECT_TRUE(full.more) << "a full page stops before looking further, as on SQLite";

  ChangePage rare = Changes([&](auto& q) {
    q.entity_type = "/B";
    q.max_examined = 4;
  });
  EXPECT_TRUE(rare.items.empty());
  EXPECT_EQ(rare.next_seq, 4) << "the last change looked at";
  EXPECT_TRUE(rare.more);
  rare = Changes([&](auto& q) {
    q.after_seq = 4;
    q.entity_type = "/B";
    q.max_examined = 4;
  });
  EXPECT_EQ(rare.next_seq, 8);
  EXPECT_TRUE(rare.more);
  rare = Changes([&](auto& q) {
    q.after_seq = 8;
    q.entity_type = "/B";
    q.max_examined = 4;
  });
  EXPECT_EQ(SeqsOf(rare), (Seqs{9, 10}));
  EXPECT_EQ(rare.next_seq, 10);
  EXPECT_FALSE(rare.more);
  ChangePage end = Changes([&](auto& q) { q.after_seq = 10; });
  EXPECT_TRUE(end.items.empty());
  EXPECT_EQ(end.next_seq, 10) << "the cursor, when nothing follows it";
  EXPECT_FALSE(end.more);
}

TEST_F(PgGoldenReadsTest, TheChangeFeedStopsAfterTheChangeThatReachesTheByteBound) {
  const int64_t a = AddGolden("id-a", "/T", "", DocumentOf(1000));
  const int64_t b = AddGolden("id-b", "/T", "", DocumentOf(1000));
  const int64_t c = AddGolden("id-c", "/T", "", DocumentOf(1000));
  Upsert(a);
  DeleteChange(AddGolden("id-gone", "/T"));
  Upsert(b);
  Upsert(c);
  using Seqs = std::vector<int64_t>;
  ChangePage page = Changes([&](auto& q) { q.max_bytes = 1500; });
  EXPECT_EQ(SeqsOf(page), (Seqs{1, 2, 3}));
  EXPECT_EQ(page.next_seq, 3);
  EXPECT_TRUE(page.more);
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.max_bytes = 1000; })), Seqs{1});
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.max_bytes = 2500; })), (Seqs{1, 2, 3, 4}));
  AddPart(a, 1);  // about 100 bytes more
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.max_bytes = 1050; })), Seqs{1});
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) {
              q.after_seq = 1;
              q.max_bytes = 1050;
            })),
            (Seqs{2, 3, 4}));
}

TEST_F(PgGoldenReadsTest, ACursorBeforeWhatRetentionRemovedIsGone) {
  for (const char* id : {"id-a", "id-b", "id-c"}) Upsert(AddGolden(id, "/T"));
  Query("DELETE FROM golden_changes WHERE seq < 3");
  Query("UPDATE store_meta SET value = 2 WHERE name = 'changes_pruned_through'");

  ChangeQuery expired;
  expired.after_seq = 1;
  auto gone = reads_->ReadChanges(expired);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), StatusCode::kGone);
  EXPECT_EQ(gone.status().message_id(), "cursor-expired");
  EXPECT_EQ(SeqsOf(Changes([&](auto& q) { q.after_seq = 2; })), std::vector<int64_t>{3});
  EXPECT_EQ(SeqsOf(Changes()), std::vector<int64_t>{3}) << "from the first change kept";

  EXPECT_EQ(*reads_->LatestChangeSeq(), 3);
  Query("DELETE FROM golden_changes");
  Query("UPDATE store_meta SET value = 5 WHERE name = 'changes_pruned_through'");
  EXPECT_EQ(*reads_->LatestChangeSeq(), 5) << "the feed never starts over";
}

TEST_F(PgGoldenReadsTest, HistoryStartsWithTheCreationAndPagesByEvents) {
  const int64_t ann = AddGolden("id-ann", "/Customer", "Ann", "{\"now\":1}");
  const int64_t old = AddGolden("id-old", "/Customer");
  Query(
      "UPDATE golden_records SET creation = '[\"created\"]', creation_job = 'job-1' "
      "WHERE key = $1",
      {ann});
  auto add = [&](int64_t key, int64_t at, std::optional<std::string> job,
                 const std::string& events) {
    return Int(
        "INSERT INTO golden_history (golden_key, at, job_id, events) "
        "VALUES ($1, $2, $3, $4) RETURNING seq",
        {key, at, job ? PgParam(*job) : PgParam::Null(), events});
  };
  const int64_t h1 = add(ann, 2000, "job-2", "[1]");
  const int64_t h2 = add(ann, 3000, std::nullopt, "[" + std::string(80, ' ') + "]");  // 3 events
  const int64_t own = add(old, 2500, "job-3", "[\"merged\"]");
  const int64_t h3 = add(ann, 4000, "job-4", "[3]");
  Merge(old, ann);

  auto read = [&](const std::string& id, std::optional<int64_t> after, int limit) {
    auto history = reads_->ReadGoldenHistory(id, after, limit);
    EXPECT_TRUE(history.ok() && history->has_value()) << history.status().message();
    return history.ok() && history->has_value() ? **history : GoldenHistory{};
  };
  auto seqs = [](const GoldenHistory& history) {
    std::vector<int64_t> seqs;
    for (const auto& row : history.rows) seqs.push_back(row.seq);
    return seqs;
  };
  using Seqs = std::vector<int64_t>;
  GoldenHistory all = read("id-ann", std::nullopt, 100);
  EXPECT_EQ(all.entity_id, "id-ann");
  EXPECT_EQ(all.document, "{\"now\":1}");
  EXPECT_EQ(seqs(all), (Seqs{0, h1, h2, h3}));
  EXPECT_FALSE(all.more);
  EXPECT_EQ(all.rows[0].at_ms, 1000);
  EXPECT_EQ(all.rows[0].job_id, "job-1");
  EXPECT_EQ(all.rows[0].events, "[\"created\"]");
  EXPECT_EQ(all.rows[1].job_id, "job-2");
  EXPECT_EQ(all.rows[1].at_ms, 2000);
  EXPECT_EQ(all.rows[2].job_id, "") << "no job made it";

  GoldenHistory two = read("id-ann", std::nullopt, 2);
  EXPECT_EQ(seqs(two), (Seqs{0, h1}));
  EXPECT_TRUE(two.more);
  GoldenHistory by_events = read("id-ann", std::nullopt, 3);
  EXPECT_EQ(seqs(by_events), (Seqs{0, h1, h2}));
  EXPECT_TRUE(by_events.more);
  GoldenHistory rest = read("id-ann", h1, 100);
  EXPECT_EQ(seqs(rest), (Seqs{h2, h3})) << "no creation after a cursor";
  EXPECT_FALSE(rest.more);

  GoldenHistory merged = read("id-old", std::nullopt, 100);
  EXPECT_EQ(seqs(merged), Seqs{own}) << "its own history, not its survivor's; no creation";
  auto none = reads_->ReadGoldenHistory("id-nobody", std::nullopt, 100);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

class PgGoldenReadsKeepApartTest : public PgGoldenReadsTest {
 protected:
  void SetUp() override {
    PgGoldenReadsTest::SetUp();
    other_ = AddEndpoint("ep-2");
  }

  void AddRule(const std::string& id, const std::string& taken, const std::string& stays,
               std::optional<std::string> job) {
    const int64_t seq =
        Int("INSERT INTO keep_apart (id, taken_code, taken_endpoint_key, taken_record_id, "
            "stays_code, stays_endpoint_key, stays_record_id, created_at, job_id) "
            "VALUES ($1, $2, $3, 'rec-' || $2::text, $4, $5, 'rec-' || $4::text, 5000, $6) "
            "RETURNING seq",
            {id, taken, endpoint_, stays, other_, job ? PgParam(*job) : PgParam::Null()});
    Query(
        "INSERT INTO keep_apart_sides (code, rule_seq, other_code) VALUES ($1, $3, $2), "
        "($2, $3, $1)",
        {taken, stays, seq});
  }

  void KeepPart(int64_t seq, const std::string& code, int64_t golden_key) {
    Query(
        "INSERT INTO kept_apart_parts (endpoint_key, record_seq, code, golden_key) "
        "VALUES ($1, $2, $3, $4)",
        {endpoint_, seq, code, golden_key});
  }

  std::string HashesOf(int64_t seq) {
    return Text(
        "SELECT encode(clue_hash, 'hex') || '/' || COALESCE(encode(source_hash, 'hex'), '-') "
        "FROM data_parts WHERE endpoint_key = $1 AND record_seq = $2",
        {endpoint_, seq});
  }

  int64_t other_ = 0;
};

TEST_F(PgGoldenReadsKeepApartTest, RulesAreListedOldestFirst) {
  AddRule("rule-1", "T1", "S1", "job-1");
  AddRule("rule-2", "T2", "S1", std::nullopt);
  AddRule("rule-3", "T3", "S3", "job-3");

  auto rules = reads_->ListKeepApart(std::nullopt, 10);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  ASSERT_EQ(rules->size(), 3u);
  const KeepApartRule& first = (*rules)[0];
  EXPECT_EQ(first.id, "rule-1");
  EXPECT_EQ(first.job_id, "job-1");
  EXPECT_EQ(first.created_at_ms, 5000);
  EXPECT_EQ(first.taken_out.code, "T1");
  EXPECT_EQ(first.taken_out.endpoint_id, "ep-1");
  EXPECT_EQ(first.taken_out.record_id, "rec-T1");
  EXPECT_EQ(first.stays.code, "S1");
  EXPECT_EQ(first.stays.endpoint_id, "ep-2");
  EXPECT_EQ(first.stays.record_id, "rec-S1");
  EXPECT_EQ((*rules)[1].job_id, "");

  auto page = reads_->ListKeepApart(first.seq, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, "rule-2");
}

TEST_F(PgGoldenReadsKeepApartTest, DeletingARuleMakesTheTakenOutRecordMappedAgain) {
  const int64_t ann = AddGolden("id-ann", "/Customer");
  const int64_t bob = AddGolden("id-bob", "/Customer");
  AddRule("rule-1", "T1", "S1", "job-1");
  AddRule("rule-2", "T2", "S1", "job-2");
  AddPart(ann, 1);  // two parts of the taken-out record (sent twice)
  AddPart(ann, 2);
  AddPart(bob, 3);  // the record that stays
  AddPart(ann, 4);  // the other rule's taken-out record
  KeepPart(1, "T1", ann);
  KeepPart(2, "T1", ann);
  KeepPart(3, "S1", bob);
  KeepPart(4, "T2", ann);

  ASSERT_TRUE(reads_->DeleteKeepApart("rule-1").ok());
  const std::string forgotten = std::string(32, '0') + "/-";
  EXPECT_EQ(HashesOf(1), forgotten) << "the next job maps the record again";
  EXPECT_EQ(HashesOf(2), forgotten);
  EXPECT_EQ(HashesOf(3), "01/02") << "the record that stays is left as it is";
  EXPECT_EQ(HashesOf(4), "01/02");
  EXPECT_EQ(Int("SELECT count(*) FROM keep_apart"), 1);
  EXPECT_EQ(Int("SELECT count(*) FROM keep_apart_sides"), 2);
  EXPECT_EQ(Text("SELECT string_agg(code, ',' ORDER BY record_seq) FROM kept_apart_parts"), "S1,T2")
      << "the parts only the deleted rule named are forgotten";

  Status again = reads_->DeleteKeepApart("rule-1");
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_EQ(again.message_id(), "rule-not-found");

  ASSERT_TRUE(reads_->DeleteKeepApart("rule-2").ok());
  EXPECT_EQ(HashesOf(4), forgotten);
  EXPECT_EQ(HashesOf(3), "01/02");
  EXPECT_EQ(Int("SELECT count(*) FROM kept_apart_parts"), 0);
  EXPECT_EQ(Int("SELECT count(*) FROM keep_apart_sides"), 0);
  EXPECT_TRUE(reads_->ListKeepApart(std::nullopt, 10)->empty());
}

}  // namespace
}  // namespace inlet::store::pg_testing
