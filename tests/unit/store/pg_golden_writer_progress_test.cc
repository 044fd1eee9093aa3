// The PostgreSQL GoldenWriter against the test cluster: history, outcomes and receipt
// counts, endpoint progress, jobs, logs and keep-apart rules with the parts they name.
#include "pg_golden_writer_fixture.h"

namespace inlet::store::pg_testing {
namespace {

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
}  // namespace inlet::store::pg_testing
