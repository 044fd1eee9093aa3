// The PostgreSQL GoldenWriter against the test cluster: golden records and their change
// feed, codes, parts with their edges and hashes, merges and deletes.
#include "pg_golden_writer_fixture.h"

namespace inlet::store::pg_testing {
namespace {

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

}  // namespace
}  // namespace inlet::store::pg_testing
