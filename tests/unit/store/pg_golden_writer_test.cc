// The PostgreSQL GoldenWriter against the test cluster, inside a transaction that holds
// the golden-writes lock as a slice does: golden records and their change feed, codes,
// parts with their edges and hashes, merges and deletes, outcomes and receipt counts,
// endpoint progress, jobs, logs, history and keep-apart rules with the parts they name.
#include "store/pg_golden_writer.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/pg_schema.h"
#include "support/postgres_database.h"

namespace inlet::store {
namespace {

using inlet::testing::PostgresDatabase;

#define ASSERT_OK(expr)                                                                \
  do {                                                                                 \
    const Status assert_ok_status = (expr);                                            \
    ASSERT_TRUE(assert_ok_status.ok()) << #expr << ": " << assert_ok_status.message(); \
  } while (0)

// The value, or an exception that fails the test at the call that needed it.
template <typename T>
T Value(Result<T> result) {
  if (!result.ok()) throw std::runtime_error(result.status().message());
  return std::move(result).value();
}

// A hex SHA-256 whose bytes all are `byte` (two hex digits).
std::string Hash(const std::string& byte) {
  std::string hex;
  for (int i = 0; i < 32; ++i) hex += byte;
  return hex;
}

GoldenState State(const std::string& name, int64_t now_ms) {
  GoldenState state;
  state.name = name;
  state.document = R"({"name":")" + name + R"("})";
  state.search_text = name;
  state.now_ms = now_ms;
  return state;
}

class PgGoldenWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Value(PgConnection::Open(database_.url()));
    Value(MigratePostgres(*db_));
    const int64_t group =
        Number("INSERT INTO groups (name, created_at) VALUES ('g', 1) RETURNING id");
    source_ =
        Number("INSERT INTO sources (group_id, name, created_at) VALUES ($1, 's', 1) RETURNING id",
               {group});
    endpoint_ = AddEndpoint("endpoint-1");
  }

  int64_t AddEndpoint(const std::string& id) {
    return Number(
        "INSERT INTO endpoints (id, name, source_id, mode, status, mapping, created_at, "
        "updated_at) VALUES ($1, $1, $2, 'manual', 'not-processed', '{}', 1, 1) RETURNING key",
        {id, source_});
  }

  // A transaction as a slice opens it: the golden-writes lock held until it ends.
  PgTransaction Begin() {
    PgTransaction transaction = Value(PgTransaction::Begin(*db_, "test slice"));
    if (!LockGoldenWrites(*db_).ok()) throw std::runtime_error("lock golden writes");
    return transaction;
  }

  PgResult Rows(const std::string& sql, const std::vector<PgParam>& params = {}) {
    return Value(db_->Query(sql, params, "test query"));
  }
  int64_t Number(const std::string& sql, const std::vector<PgParam>& params = {}) {
    return Rows(sql, params).Int(0, 0);
  }
  std::string Text(const std::string& sql, const std::vector<PgParam>& params = {}) {
    return Rows(sql, params).Text(0, 0);
  }

  DataPart Part(int64_t record_seq, int64_t golden_key, const std::string& hash_byte) {
    DataPart part;
    part.endpoint_key = endpoint_;
    part.record_seq = record_seq;
    part.record_id = "record-" + std::to_string(record_seq);
    part.receipt_seq = 1;
    part.receipt_id = "receipt-1";
    part.golden_key = golden_key;
    part.clue_hash = Hash(hash_byte);
    part.payload = R"({"seq":)" + std::to_string(record_seq) + "}";
    return part;
  }

  PostgresDatabase database_;
  std::unique_ptr<PgConnection> db_;
  int64_t source_ = 0;
  int64_t endpoint_ = 0;
};

TEST_F(PgGoldenWriterTest, GoldenRecordWritesAppendToTheChangeFeed) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  GoldenState first = State("Ada", 10);
  first.document.clear();
  first.creation = R"([{"kind":"created"}])";
  first.creation_job = "job-1";
  const GoldenHead ada = Value(writer.CreateGolden("Customer", first));
  const GoldenHead bob = Value(writer.CreateGolden("Person", State("Bob", 11)));
  EXPECT_GT(bob.key, ada.key) << "keys in creation order";
  EXPECT_EQ(ada.id.size(), 36u);
  EXPECT_EQ(Value(writer.GoldenDocumentOf(ada.key)), "{}") << "an empty document is {}";
  GoldenState saved = State("Ada Lovelace", 20);
  saved.key = ada.key;
  saved.shadow = true;
  ASSERT_OK(writer.SaveGolden(saved));
  const GoldenHead read = Value(writer.GetGolden(ada.key));
  EXPECT_EQ(read.id, ada.id);
  EXPECT_EQ(read.entity_type, "Customer");
  EXPECT_TRUE(read.shadow);
  EXPECT_FALSE(Value(writer.GetGolden(bob.key)).shadow);
  EXPECT_EQ(Value(writer.GoldenDocumentOf(ada.key)), saved.document);
  EXPECT_TRUE(writer.wrote_changes());
  ASSERT_OK(transaction.Commit());

  PgResult changes = Rows(
      "SELECT seq, op, golden_key, golden_id, entity_type, merged_into IS NULL, at "
      "FROM golden_changes ORDER BY seq");
  ASSERT_EQ(changes.Rows(), 3);
  const GoldenHead expected[] = {ada, bob, ada};
  const int64_t at[] = {10, 11, 20};
  for (int row = 0; row < 3; ++row) {
    if (row > 0) {
      EXPECT_GT(changes.Int(row, 0), changes.Int(row - 1, 0)) << "increasing";
    }
    EXPECT_EQ(changes.Int(row, 1), 0) << "upserts";
    EXPECT_EQ(changes.Int(row, 2), expected[row].key);
    EXPECT_EQ(changes.Text(row, 3), expected[row].id);
    EXPECT_EQ(changes.Text(row, 4), expected[row].entity_type);
    EXPECT_EQ(changes.Text(row, 5), "t");
    EXPECT_EQ(changes.Int(row, 6), at[row]);
  }
  PgResult golden = Rows(
      "SELECT change_seq, created_at, updated_at, creation, creation_job, name, search_text "
      "FROM golden_records WHERE key = $1",
      {ada.key});
  ASSERT_EQ(golden.Rows(), 1);
  EXPECT_EQ(golden.Int(0, 0), changes.Int(2, 0)) << "its latest change";
  EXPECT_EQ(golden.Int(0, 1), 10);
  EXPECT_EQ(golden.Int(0, 2), 20);
  EXPECT_EQ(golden.Text(0, 3), first.creation);
  EXPECT_EQ(golden.Text(0, 4), "job-1");
  EXPECT_EQ(golden.Text(0, 5), "Ada Lovelace");
  EXPECT_EQ(golden.Text(0, 6), "Ada Lovelace");
  EXPECT_TRUE(Rows("SELECT creation IS NULL AND creation_job IS NULL FROM golden_records "
                   "WHERE key = $1",
                   {bob.key})
                  .Text(0, 0) == "t")
      << "none kept";
}

TEST_F(PgGoldenWriterTest, AGoldenRecordTheWriterNamesMustExist) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const int64_t ada = Value(writer.CreateGolden("Customer", State("Ada", 1))).key;
  EXPECT_EQ(writer.GetGolden(ada + 100).status().code(), StatusCode::kInternal);
  EXPECT_EQ(writer.GoldenDocumentOf(ada + 100).status().code(), StatusCode::kInternal);
  GoldenState saved = State("Nobody", 2);
  saved.key = ada + 100;
  EXPECT_EQ(writer.SaveGolden(saved).code(), StatusCode::kInternal);
}

TEST_F(PgGoldenWriterTest, WithTheFeedOffNoChangeIsAppended) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_, {}, /*change_feed=*/false);
  const GoldenHead ada = Value(writer.CreateGolden("Customer", State("Ada", 10)));
  const GoldenHead bob = Value(writer.CreateGolden("Customer", State("Bob", 10)));
  GoldenState saved = State("Ada", 20);
  saved.key = ada.key;
  ASSERT_OK(writer.SaveGolden(saved));
  ASSERT_OK(writer.MergeGolden(bob.key, ada.key, 30));
  EXPECT_EQ(Number("SELECT max(change_seq) FROM golden_records"), 0);
  ASSERT_OK(writer.DeleteGolden(ada.key, 40));
  EXPECT_FALSE(writer.wrote_changes());
  ASSERT_OK(transaction.Commit());
  EXPECT_EQ(Number("SELECT count(*) FROM golden_changes"), 0);
  EXPECT_EQ(Number("SELECT count(*) FROM golden_records"), 0);
  EXPECT_EQ(Text("SELECT is_called FROM golden_change_seq"), "f") << "no seq taken";
}

TEST_F(PgGoldenWriterTest, CodesPointAtOneGoldenRecordEach) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const int64_t ada = Value(writer.CreateGolden("Customer", State("Ada", 1))).key;
  const int64_t bob = Value(writer.CreateGolden("Customer", State("Bob", 1))).key;
  for (const char* code : {"b", "A", "a'\"\\", "c"}) ASSERT_OK(writer.SetCode(code, ada));
  ASSERT_OK(writer.SetCode("z", bob));
  ASSERT_OK(writer.SetCode("c", bob));  // moves it
  EXPECT_EQ(Value(writer.FindCode("c")), bob);
  EXPECT_EQ(Value(writer.FindCode("a'\"\\")), ada);
  EXPECT_FALSE(Value(writer.FindCode("nobody")).has_value());
  EXPECT_EQ(Value(writer.CodesOf(ada)), (std::vector<std::string>{"A", "a'\"\\", "b"}))
      << "sorted by bytes";
  ASSERT_OK(writer.DeleteCodesOf(ada));
  EXPECT_TRUE(Value(writer.CodesOf(ada)).empty());
  EXPECT_FALSE(Value(writer.FindCode("b")).has_value());
  EXPECT_EQ(Value(writer.CodesOf(bob)), (std::vector<std::string>{"c", "z"}));
  ASSERT_OK(transaction.Commit());
}

TEST_F(PgGoldenWriterTest, PartsKeepTheirOrderEdgesAndClues) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const int64_t ada = Value(writer.CreateGolden("Customer", State("Ada", 1))).key;
  const int64_t bob = Value(writer.CreateGolden("Customer", State("Bob", 1))).key;
  DataPart first = Part(1, ada, "aa");
  // Edge text that an array literal must quote: quotes, backslashes, braces, commas,
  // spaces, the word NULL and nothing at all; one edge given twice.
  const std::vector<std::string> targets = {"x\"y", "c\\d", "{e,f}", " g ", "NULL", ""};
  for (const auto& target : targets) first.edges.push_back({"knows", target});
  first.edges.push_back({"knows", "NULL"});
  ASSERT_OK(writer.PutPart(first));
  DataPart second = Part(2, bob, "bb");
  second.edges.push_back({"owns", "car-1"});
  ASSERT_OK(writer.PutPart(second));
  EXPECT_GT(second.order, first.order);
  EXPECT_GT(first.order, 0);

  for (const auto& target : targets) {
    EXPECT_TRUE(Value(writer.HasIncomingEdges(target))) << target;
  }
  EXPECT_FALSE(Value(writer.HasIncomingEdges("x")));
  EXPECT_EQ(Number("SELECT count(*) FROM part_edges WHERE record_seq = 1"), 6);

  const auto found = Value(writer.FindPart(endpoint_, 1));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->endpoint_id, "endpoint-1");
  EXPECT_EQ(found->record_id, "record-1");
  EXPECT_EQ(found->receipt_seq, 1);
  EXPECT_EQ(found->receipt_id, "receipt-1");
  EXPECT_EQ(found->golden_key, ada);
  EXPECT_EQ(found->order, first.order);
  EXPECT_EQ(found->payload, first.payload);
  EXPECT_FALSE(Value(writer.FindPart(endpoint_, 3)).has_value());

  EXPECT_TRUE(Value(writer.GoldenHoldsClue(ada, endpoint_, Hash("aa"))));
  EXPECT_TRUE(Value(writer.GoldenHoldsClue(ada, endpoint_, Hash("AA")))) << "either case";
  EXPECT_FALSE(Value(writer.GoldenHoldsClue(bob, endpoint_, Hash("aa"))));
  DataPart elsewhere = Part(1, ada, "ee");
  elsewhere.endpoint_key = AddEndpoint("endpoint-2");
  ASSERT_OK(writer.PutPart(elsewhere));
  EXPECT_TRUE(Value(writer.GoldenHoldsClue(ada, elsewhere.endpoint_key, Hash("ee"))));
  EXPECT_FALSE(Value(writer.GoldenHoldsClue(ada, elsewhere.endpoint_key, Hash("aa"))));
  EXPECT_FALSE(Value(writer.GoldenHoldsClue(ada, endpoint_, Hash("ee")))) << "its endpoint";
  EXPECT_FALSE(Value(writer.GoldenHoldsClue(ada, endpoint_, Hash("bb"))));

  // A part written again is removed and put anew: processing order moves it last.
  ASSERT_OK(writer.DeletePart(first));
  EXPECT_FALSE(Value(writer.HasIncomingEdges("x\"y")));
  DataPart replaced = Part(1, bob, "cc");
  replaced.edges.push_back({"knows", "someone"});
  ASSERT_OK(writer.PutPart(replaced));
  EXPECT_GT(replaced.order, second.order);
  EXPECT_TRUE(Value(writer.HasIncomingEdges("someone")));
  EXPECT_EQ(Number("SELECT count(*) FROM part_edges WHERE record_seq = 1"), 1);
  const auto parts = Value(writer.PartsOf(bob));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].record_seq, 2) << "processing order";
  EXPECT_EQ(parts[1].record_seq, 1);
  EXPECT_EQ(Value(writer.PartsOf(ada)).size(), 1u) << "the other endpoint's";

  ASSERT_OK(writer.MovePart(endpoint_, 1, ada));
  EXPECT_EQ(Value(writer.FindPart(endpoint_, 1))->golden_key, ada);
  // As on SQLite, a part is put once: the engine removes it before putting it anew.
  DataPart duplicate = Part(1, ada, "dd");
  EXPECT_EQ(writer.PutPart(duplicate).code(), StatusCode::kConflict);
}

TEST_F(PgGoldenWriterTest, PartHashesAndPartsOfAnEndpointAreRangeReads) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const int64_t ada = Value(writer.CreateGolden("Customer", State("Ada", 1))).key;
  for (int64_t seq : {5, 3, 4, 9}) {
    DataPart part = Part(seq, ada, seq == 3 ? "AB" : "0" + std::to_string(seq));
    if (seq == 4) part.source_hash = Hash("Ef");
    ASSERT_OK(writer.PutPart(part));
  }
  ASSERT_OK(writer.SetPartSourceHash(endpoint_, 5, Hash("12")));
  const auto hashes = Value(writer.PartHashes(endpoint_, 3, 5));
  ASSERT_EQ(hashes.size(), 3u);
  EXPECT_EQ(hashes[0].record_seq, 3);
  EXPECT_EQ(hashes[0].clue_hash_prefix, Hash("ab").substr(0, 32)) << "lower case";
  EXPECT_EQ(hashes[0].source_hash_prefix, "") << "none";
  EXPECT_EQ(hashes[1].record_seq, 4);
  EXPECT_EQ(hashes[1].clue_hash_prefix, Hash("04").substr(0, 32));
  EXPECT_EQ(hashes[1].source_hash_prefix, Hash("ef").substr(0, 32));
  EXPECT_EQ(hashes[2].source_hash_prefix, Hash("12").substr(0, 32));
  EXPECT_TRUE(Value(writer.PartHashes(endpoint_, 6, 8)).empty());

  const auto parts = Value(writer.PartsOfEndpoint(endpoint_, 4, 9, 2));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].record_seq, 4);
  EXPECT_EQ(parts[1].record_seq, 5);
  EXPECT_EQ(parts[1].endpoint_id, "endpoint-1");
  ASSERT_OK(transaction.Commit());
}

TEST_F(PgGoldenWriterTest, AMergedGoldenRecordHandsOverEverything) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const GoldenHead ada = Value(writer.CreateGolden("Customer", State("Ada", 1)));
  const GoldenHead bob = Value(writer.CreateGolden("Customer", State("Bob", 1)));
  const GoldenHead carl = Value(writer.CreateGolden("Person", State("Carl", 1)));
  ASSERT_OK(writer.SetCode("a", ada.key));
  ASSERT_OK(writer.SetCode("b", bob.key));
  ASSERT_OK(writer.SetCode("c", carl.key));
  DataPart part_b = Part(2, bob.key, "bb");
  DataPart part_c = Part(3, carl.key, "cc");
  ASSERT_OK(writer.PutPart(part_b));
  ASSERT_OK(writer.PutPart(part_c));
  ASSERT_OK(writer.MergeGolden(carl.key, bob.key, 50));
  ASSERT_OK(writer.MergeGolden(bob.key, ada.key, 60));
  ASSERT_OK(transaction.Commit());

  EXPECT_EQ(Number("SELECT count(*) FROM codes WHERE golden_key = $1", {ada.key}), 3);
  EXPECT_EQ(Number("SELECT count(*) FROM data_parts WHERE golden_key = $1", {ada.key}), 2);
  PgResult tombstones = Rows(
      "SELECT key, merged_into, search_text, updated_at FROM golden_records "
      "WHERE merged_into IS NOT NULL ORDER BY key");
  ASSERT_EQ(tombstones.Rows(), 2);
  for (int row = 0; row < 2; ++row) {
    EXPECT_EQ(tombstones.Int(row, 1), ada.key) << "the whole chain points at the survivor";
    EXPECT_EQ(tombstones.Text(row, 2), "");
    EXPECT_EQ(tombstones.Int(row, 3), 60);
  }
  PgResult deletes = Rows(
      "SELECT golden_key, golden_id, entity_type, merged_into, at FROM golden_changes "
      "WHERE op = 1 ORDER BY seq");
  ASSERT_EQ(deletes.Rows(), 2);
  EXPECT_EQ(deletes.Int(0, 0), carl.key);
  EXPECT_EQ(deletes.Text(0, 1), carl.id);
  EXPECT_EQ(deletes.Text(0, 2), "Person");
  EXPECT_EQ(deletes.Text(0, 3), bob.id) << "the survivor then";
  EXPECT_EQ(deletes.Int(0, 4), 50);
  EXPECT_EQ(deletes.Int(1, 0), bob.key);
  EXPECT_EQ(deletes.Text(1, 3), ada.id);
  EXPECT_EQ(deletes.Int(1, 4), 60);

  PgTransaction failing = Begin();
  PgGoldenWriter again(*db_);
  EXPECT_EQ(again.MergeGolden(ada.key, ada.key + 100, 70).code(), StatusCode::kInternal)
      << "no survivor";
}

TEST_F(PgGoldenWriterTest, ADeletedGoldenRecordTakesItsTombstonesAndHistory) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const GoldenHead ada = Value(writer.CreateGolden("Customer", State("Ada", 1)));
  const GoldenHead bob = Value(writer.CreateGolden("Customer", State("Bob", 1)));
  const GoldenHead keep = Value(writer.CreateGolden("Customer", State("Keep", 1)));
  ASSERT_OK(writer.SetCode("a", ada.key));
  ASSERT_OK(writer.SetCode("k", keep.key));
  ASSERT_OK(writer.AppendHistory(bob.key, 2, "", R"([{"kind":"b"}])"));
  ASSERT_OK(writer.MergeGolden(bob.key, ada.key, 3));
  ASSERT_OK(writer.AppendHistory(ada.key, 4, "job-1", R"([{"kind":"a"}])"));
  ASSERT_OK(writer.AppendHistory(keep.key, 4, "job-1", R"([{"kind":"k"}])"));
  ASSERT_OK(writer.DeleteGolden(ada.key, 5));
  ASSERT_OK(transaction.Commit());

  EXPECT_EQ(Number("SELECT count(*) FROM golden_records"), 1);
  EXPECT_EQ(Value(writer.GetGolden(keep.key)).id, keep.id);
  EXPECT_EQ(Text("SELECT string_agg(code, ',') FROM codes"), "k");
  EXPECT_EQ(Number("SELECT count(*) FROM golden_history WHERE golden_key <> $1", {keep.key}), 0);
  EXPECT_EQ(Number("SELECT count(*) FROM golden_history WHERE golden_key = $1", {keep.key}), 1);
  PgResult last = Rows(
      "SELECT op, golden_key, golden_id, entity_type, merged_into IS NULL, at "
      "FROM golden_changes ORDER BY seq DESC LIMIT 1");
  EXPECT_EQ(last.Int(0, 0), 1);
  EXPECT_EQ(last.Int(0, 1), ada.key);
  EXPECT_EQ(last.Text(0, 2), ada.id);
  EXPECT_EQ(last.Text(0, 3), "Customer");
  EXPECT_EQ(last.Text(0, 4), "t");
  EXPECT_EQ(last.Int(0, 5), 5);

  PgTransaction failing = Begin();
  PgGoldenWriter again(*db_);
  EXPECT_EQ(again.DeleteGolden(ada.key, 6).code(), StatusCode::kInternal) << "gone";
}

TEST_F(PgGoldenWriterTest, HistoryIsAppendedOnlyForALiveGoldenRecord) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const int64_t ada = Value(writer.CreateGolden("Customer", State("Ada", 1))).key;
  ASSERT_OK(writer.AppendHistory(ada, 7, "", R"([{"kind":"partAdded"}])"));
  ASSERT_OK(writer.AppendHistory(ada, 8, "job-2", "[]"));
  ASSERT_OK(writer.AppendHistory(ada + 100, 9, "job-2", "[]"));
  ASSERT_OK(transaction.Commit());
  PgResult history = Rows(
      "SELECT golden_key, at, job_id, job_id IS NULL, events FROM golden_history "
      "ORDER BY seq");
  ASSERT_EQ(history.Rows(), 2);
  EXPECT_EQ(history.Int(0, 0), ada);
  EXPECT_EQ(history.Int(0, 1), 7);
  EXPECT_EQ(history.Text(0, 3), "t") << "no job";
  EXPECT_EQ(history.Text(0, 4), R"([{"kind":"partAdded"}])");
  EXPECT_EQ(history.Text(1, 2), "job-2");
}

TEST_F(PgGoldenWriterTest, OutcomesAreCountedIntoTheirReceipts) {
  for (auto [first, last] : {std::pair{1, 3}, std::pair{4, 5}, std::pair{6, 6}}) {
    Number(
        "INSERT INTO receipts (id, endpoint_key, received_at, http_status, first_record_seq, "
        "last_record_seq) VALUES ($1, $2, 1, 200, $3, $4) RETURNING seq",
        {"receipt-" + std::to_string(first), endpoint_, int64_t{first}, int64_t{last}});
  }
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const int64_t ada = Value(writer.CreateGolden("Customer", State("Ada", 1))).key;
  const int64_t bob = Value(writer.CreateGolden("Customer", State("Bob", 1))).key;
  ASSERT_OK(writer.PutOutcomes({
      {endpoint_, 1, 0, "r\"1", RecordOutcome::kCreated, ada},
      {endpoint_, 2, 1, "r2", RecordOutcome::kCreated, ada},
      {endpoint_, 3, 2, "r3", RecordOutcome::kFailed, std::nullopt},
      {endpoint_, 4, 0, "r4", RecordOutcome::kUnchanged, bob},
      {endpoint_, 2, 1, "r2", RecordOutcome::kMerged, ada},  // the last one counts
  }));
  ASSERT_OK(writer.PutOutcomes({}));
  ASSERT_OK(writer.RecountReceipts(endpoint_, 1, 5, /*processed=*/true));
  ASSERT_OK(writer.SetOutcomeGolden(endpoint_, 2, bob));
  ASSERT_OK(writer.SetReceiptResponse(1, R"({"created":1})"));
  ASSERT_OK(transaction.Commit());

  const char* kCounts =
      "SELECT times_processed, golden_created, golden_merged, golden_unchanged, golden_failed, "
      "response FROM receipts WHERE first_record_seq = $1";
  PgResult one = Rows(kCounts, {int64_t{1}});
  EXPECT_EQ(one.Int(0, 0), 1);
  EXPECT_EQ(one.Int(0, 1), 1);
  EXPECT_EQ(one.Int(0, 2), 1);
  EXPECT_EQ(one.Int(0, 3), 0);
  EXPECT_EQ(one.Int(0, 4), 1);
  EXPECT_EQ(one.Text(0, 5), R"({"created":1})");
  PgResult two = Rows(kCounts, {int64_t{4}});
  EXPECT_EQ(two.Int(0, 0), 1);
  EXPECT_EQ(two.Int(0, 3), 1);
  EXPECT_EQ(Rows(kCounts, {int64_t{6}}).Int(0, 0), 0) << "outside the range";
  PgResult outcomes = Rows(
      "SELECT record_seq, row_index, record_id, outcome, golden_key FROM record_outcomes "
      "ORDER BY record_seq");
  ASSERT_EQ(outcomes.Rows(), 4);
  EXPECT_EQ(outcomes.Text(0, 2), "r\"1");
  EXPECT_EQ(outcomes.Int(1, 3), 1);
  EXPECT_EQ(outcomes.Int(1, 4), bob) << "moved";
  EXPECT_FALSE(outcomes.OptionalInt(2, 4).has_value()) << "failed: none";
  EXPECT_EQ(outcomes.Int(3, 1), 0);

  PgTransaction later = Begin();
  PgGoldenWriter recount(*db_);
  ASSERT_OK(recount.DeleteOutcomes(endpoint_, 2, 4));
  ASSERT_OK(recount.RecountReceipts(endpoint_, 1, 4, /*processed=*/false));
  ASSERT_OK(later.Commit());
  one = Rows(kCounts, {int64_t{1}});
  EXPECT_EQ(one.Int(0, 0), 1) << "not processed again";
  EXPECT_EQ(one.Int(0, 1), 1);
  EXPECT_EQ(one.Int(0, 2), 0);
  EXPECT_EQ(one.Int(0, 4), 0);
  EXPECT_EQ(Rows(kCounts, {int64_t{4}}).Int(0, 3), 0) << "pending again";
}

TEST_F(PgGoldenWriterTest, EndpointProgressJobsAndLogs) {
  Number(
      "INSERT INTO jobs (id, endpoint_key, kind, trigger, state, created_at) "
      "VALUES ('job-1', $1, 'process', 'manual', 'running', 1) RETURNING seq",
      {endpoint_});
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  ASSERT_OK(writer.UpdateEndpointProgress(endpoint_, 5, EndpointStatus::kProcessing, 7));
  ASSERT_OK(writer.UpdateEndpointProgress(endpoint_, -9, std::nullopt, 3));
  ASSERT_OK(writer.UpdateEndpointProgress(endpoint_, 2, std::nullopt, std::nullopt));
  Job job;
  job.id = "job-1";
  job.state = JobState::kDone;
  job.total = 9;
  job.done = 8;
  job.created = 7;
  job.merged = 6;
  job.unchanged = 5;
  job.failed = 4;
  job.removed = 3;
  job.message = "it's done";
  job.finished_at_ms = 99;
  ASSERT_OK(writer.SaveJob(job));
  LogRow log;
  log.level = IssueLevel::kWarning;
  log.domain = IssueDomain::kProcessing;
  log.message_id = "some-warning";
  log.property = "name";
  log.message = "a warning";
  log.count = 3;
  log.first_row_indexes = {0, 4, 17};
  ASSERT_OK(writer.AddLog(endpoint_, std::nullopt, log, 12));
  ASSERT_OK(transaction.Commit());

  PgResult endpoint =
      Rows("SELECT data_part_count, status, processed_through_seq FROM endpoints WHERE key = $1",
           {endpoint_});
  EXPECT_EQ(endpoint.Int(0, 0), 2) << "never below 0";
  EXPECT_EQ(endpoint.Text(0, 1), "processing") << "kept when none is given";
  EXPECT_EQ(endpoint.Int(0, 2), 7) << "the watermark never goes back";
  PgResult saved = Rows(
      "SELECT state, total, done, created, merged, unchanged, failed, removed, message, "
      "finished_at FROM jobs WHERE id = 'job-1'");
  EXPECT_EQ(saved.Text(0, 0), "done");
  for (int column = 1; column <= 7; ++column) EXPECT_EQ(saved.Int(0, column), 10 - column);
  EXPECT_EQ(saved.Text(0, 8), "it's done");
  EXPECT_EQ(saved.Int(0, 9), 99);
  PgResult logs = Rows(
      "SELECT receipt_seq IS NULL, created_at, level, domain, message_id, property, count, "
      "first_row_indexes, message FROM logs");
  ASSERT_EQ(logs.Rows(), 1);
  EXPECT_EQ(logs.Text(0, 0), "t");
  EXPECT_EQ(logs.Int(0, 1), 12);
  EXPECT_EQ(logs.Text(0, 2), "warning");
  EXPECT_EQ(logs.Text(0, 3), "processing");
  EXPECT_EQ(logs.Text(0, 4), "some-warning");
  EXPECT_EQ(logs.Text(0, 5), "name");
  EXPECT_EQ(logs.Int(0, 6), 3);
  EXPECT_EQ(logs.Text(0, 7), "0,4,17");
  EXPECT_EQ(logs.Text(0, 8), "a warning");
}

TEST_F(PgGoldenWriterTest, KeepApartRulesFollowThePartsTheyName) {
  PgTransaction transaction = Begin();
  PgGoldenWriter writer(*db_);
  const int64_t ada = Value(writer.CreateGolden("Customer", State("Ada", 1))).key;
  const int64_t bob = Value(writer.CreateGolden("Customer", State("Bob", 1))).key;
  const int64_t carl = Value(writer.CreateGolden("Customer", State("Carl", 1))).key;
  EXPECT_FALSE(Value(writer.AnyKeepApart()));
  EXPECT_FALSE(Value(writer.KeptApart(ada, bob)));
  DataPart taken = Part(1, ada, "aa");
  taken.primary_code = "A";
  DataPart stays = Part(2, bob, "bb");
  stays.primary_code = "B";
  DataPart other = Part(3, bob, "cc");
  other.primary_code = "C";
  for (DataPart* part : {&taken, &stays, &other}) ASSERT_OK(writer.PutPart(*part));
  EXPECT_EQ(Number("SELECT count(*) FROM kept_apart_parts"), 0) << "no rule names them yet";
  DataPart unnamed = Part(4, bob, "dd");
  ASSERT_OK(writer.PutPart(unnamed));

  const std::string id =
      Value(writer.AddKeepApart({"A", endpoint_, "record-1"}, {"B", endpoint_, "record-2"},
                                {taken, stays, unnamed, stays}, "job-9", 42));
  EXPECT_EQ(id.size(), 36u);
  EXPECT_TRUE(Value(writer.AnyKeepApart()));
  EXPECT_TRUE(Value(writer.KeptApart("A", bob)));
  EXPECT_TRUE(Value(writer.KeptApart("B", ada)));
  EXPECT_FALSE(Value(writer.KeptApart("C", ada)));
  EXPECT_FALSE(Value(writer.KeptApart("A", ada)));
  EXPECT_TRUE(Value(writer.KeptApart(ada, bob)));
  EXPECT_TRUE(Value(writer.KeptApart(bob, ada)));
  EXPECT_FALSE(Value(writer.KeptApart(ada, carl)));
  ASSERT_OK(transaction.Commit());

  PgResult rule = Rows(
      "SELECT id, taken_code, taken_endpoint_key, taken_record_id, stays_code, "
      "stays_endpoint_key, stays_record_id, created_at, job_id, seq FROM keep_apart");
  ASSERT_EQ(rule.Rows(), 1);
  EXPECT_EQ(rule.Text(0, 0), id);
  EXPECT_EQ(rule.Text(0, 1), "A");
  EXPECT_EQ(rule.Int(0, 2), endpoint_);
  EXPECT_EQ(rule.Text(0, 3), "record-1");
  EXPECT_EQ(rule.Text(0, 4), "B");
  EXPECT_EQ(rule.Text(0, 6), "record-2");
  EXPECT_EQ(rule.Int(0, 7), 42);
  EXPECT_EQ(rule.Text(0, 8), "job-9");
  EXPECT_EQ(Text("SELECT string_agg(code || '>' || other_code || ':' || rule_seq, ' ' "
                 "ORDER BY code) FROM keep_apart_sides"),
            "A>B:" + rule.Text(0, 9) + " B>A:" + rule.Text(0, 9));
  const char* kNamed =
      "SELECT coalesce(string_agg(record_seq || '=' || code || '@' || golden_key, ' ' "
      "ORDER BY record_seq), '') FROM kept_apart_parts";
  const std::string a = std::to_string(ada), b = std::to_string(bob), c = std::to_string(carl);
  EXPECT_EQ(Text(kNamed), "1=A@" + a + " 2=B@" + b);

  // A later writer finds the rule, and the part writes keep the named parts current.
  PgTransaction second = Begin();
  PgGoldenWriter later(*db_);
  EXPECT_TRUE(Value(later.AnyKeepApart()));
  DataPart again = Part(5, carl, "ee");
  again.primary_code = "A";  // the same source record, sent again
  ASSERT_OK(later.PutPart(again));
  DataPart unrelated = Part(6, carl, "ff");
  unrelated.primary_code = "C";
  ASSERT_OK(later.PutPart(unrelated));
  EXPECT_EQ(Text(kNamed), "1=A@" + a + " 2=B@" + b + " 5=A@" + c);
  EXPECT_TRUE(Value(later.KeptApart(carl, bob)));
  ASSERT_OK(later.MovePart(endpoint_, 5, bob));
  EXPECT_EQ(Text(kNamed), "1=A@" + a + " 2=B@" + b + " 5=A@" + b);
  ASSERT_OK(later.MergeGolden(ada, carl, 50));
  EXPECT_EQ(Text(kNamed), "1=A@" + c + " 2=B@" + b + " 5=A@" + b);
  EXPECT_TRUE(Value(later.KeptApart(carl, bob)));
  ASSERT_OK(later.DeletePart(again));
  ASSERT_OK(later.DeletePart(taken));
  EXPECT_EQ(Text(kNamed), "2=B@" + b);
  EXPECT_FALSE(Value(later.KeptApart(carl, bob)));
  ASSERT_OK(second.Commit());
}

}  // namespace
}  // namespace inlet::store
