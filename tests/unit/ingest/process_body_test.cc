// Body shapes, request-level errors and record-level errors (SPEC §2, §2.3).
#include <gtest/gtest.h>

#include "test_util.h"

namespace inlet::ingest {
namespace {

using test::Process;

std::vector<std::string> Strings(std::initializer_list<const char*> list) {
  return {list.begin(), list.end()};
}

TEST(ProcessBodyTest, StoresAnArrayOfObjects) {
  auto result = Process(R"([{"a":1},{"b":"x"}])");
  EXPECT_EQ(result.Records(), Strings({R"({"a":1})", R"({"b":"x"})"}));
  EXPECT_EQ(result.outcome.received, 2);
  EXPECT_EQ(result.outcome.rejected, 0);
  EXPECT_FALSE(result.outcome.request_failed);
  EXPECT_TRUE(result.Ids().empty());
}

TEST(ProcessBodyTest, TakesASingleObjectAsOneRecord) {
  auto result = Process(R"( {"a":1} )");
  EXPECT_EQ(result.Records(), Strings({R"({"a":1})"}));
  EXPECT_EQ(result.Ids(), Strings({"single-object-body"}));
  EXPECT_EQ(result.issues.warnings()[0].row_index, -1);
  EXPECT_EQ(result.issues.warnings()[0].domain, IssueDomain::kRequest);
}

TEST(ProcessBodyTest, UnwrapsRecords) {
  auto result = Process(R"({"records":[{"a":1},{"b":2}]})");
  EXPECT_EQ(result.Records(), Strings({R"({"a":1})", R"({"b":2})"}));
  EXPECT_TRUE(result.Ids().empty());
  result = Process(R"({ "records" : [] })");
  EXPECT_TRUE(result.outcome.empty_batch);
  // With another member it is one object after all, read again from the start.
  result = Process(R"({"records":[{"a":1}],"more":true})");
  EXPECT_EQ(result.Records(), Strings({R"({"records_0_a":1,"more":true})"}));
  EXPECT_EQ(result.outcome.received, 1);
  EXPECT_EQ(result.Ids(), Strings({"single-object-body", "nested-object-flattened"}));
  // Not an array: one object.
  EXPECT_EQ(Process(R"({"records":5})").Records(), Strings({R"({"records":5})"}));
  EXPECT_EQ(Process(R"({"records":[{"a":1}]} x)").Find("invalid-json")->offset, 22);
}

TEST(ProcessBodyTest, AnswersEmptyBatches) {
  for (std::string_view body : {"", "  \n", "[]", " [ ] ", "\xEF\xBB\xBF"}) {
    auto result = Process(body);
    EXPECT_TRUE(result.outcome.empty_batch) << body;
    EXPECT_FALSE(result.outcome.request_failed) << body;
    EXPECT_NE(result.Find("empty-batch"), nullptr) << body;
    EXPECT_EQ(result.issues.error_count(), 0) << body;
  }
}

TEST(ProcessBodyTest, DropsABom) {
  auto result = Process("\xEF\xBB\xBF[{\"a\":1}]");
  EXPECT_EQ(result.Records(), Strings({R"({"a":1})"}));
  EXPECT_EQ(result.Ids(), Strings({"bom-removed"}));
  // Offsets stay those of the body as received, BOM included.
  result = Process("\xEF\xBB\xBF[1,]");
  EXPECT_EQ(result.Find("invalid-json")->offset, 6);
  EXPECT_EQ(result.Find("invalid-json")->column, 7);
  EXPECT_NE(result.Find("bom-removed"), nullptr);
}

TEST(ProcessBodyTest, ReportsInvalidJsonWithItsLocation) {
  auto result = Process("[\n  {\"a\":1},\n  {\"b\" 2}\n]");
  EXPECT_TRUE(result.outcome.request_failed);
  EXPECT_TRUE(result.outcome.accepted.empty());
  EXPECT_EQ(result.outcome.received, 0);
  ASSERT_EQ(result.Ids(), Strings({"invalid-json"}));
  const Issue& issue = result.issues.errors()[0];
  EXPECT_EQ(issue.line, 3);
  EXPECT_EQ(issue.column, 8);
  EXPECT_EQ(issue.offset, 20);
  EXPECT_EQ(issue.row_index, -1);
  EXPECT_EQ(issue.domain, IssueDomain::kRequest);
  // Warnings of records read before the error are not reported.
  result = Process(R"([{"a b":1}, x])");
  EXPECT_EQ(result.Ids(), Strings({"invalid-json"}));
}

TEST(ProcessBodyTest, RefusesScalarsAtTheTop) {
  for (std::string_view body : {"1", "\"x\"", "null", " true "}) {
    auto result = Process(body);
    EXPECT_TRUE(result.outcome.request_failed);
    EXPECT_EQ(result.Ids(), Strings({"invalid-array-json-sent"})) << body;
  }
  EXPECT_EQ(Process("1 2").Ids(), Strings({"invalid-json"}));
  EXPECT_EQ(Process("nul").Ids(), Strings({"invalid-json"}));
}

TEST(ProcessBodyTest, RefusesDeepNesting) {
  Limits limits;
  limits.max_depth = 3;
  EXPECT_FALSE(Process(R"([{"a":{"b":1}}])", BodyFormat::kJson, limits).outcome.request_failed);
  auto result = Process(R"([{"a":{"b":[1]}}])", BodyFormat::kJson, limits);
  EXPECT_TRUE(result.outcome.request_failed);
  EXPECT_EQ(result.Ids(), Strings({"nesting-too-deep"}));
  EXPECT_EQ(result.issues.errors()[0].offset, 11);
  EXPECT_EQ(Process(std::string(100000, '[')).Ids(), Strings({"nesting-too-deep"}));
}

TEST(ProcessBodyTest, RefusesTooManyRecords) {
  Limits limits;
  limits.max_records = 2;
  EXPECT_FALSE(Process("[{\"a\":1},{\"a\":2}]", BodyFormat::kJson, limits).outcome.request_failed);
  auto result = Process("[{\"a\":1},{\"a\":2},{\"a\":3}]", BodyFormat::kJson, limits);
  EXPECT_TRUE(result.outcome.request_failed);
  EXPECT_EQ(result.Ids(), Strings({"too-many-records"}));
  result = Process("{\"a\":1}\n\n{\"a\":2}\nbad\n", BodyFormat::kNdjson, limits);
  EXPECT_EQ(result.Ids(), Strings({"too-many-records"}));
}

TEST(ProcessBodyTest, RejectsBadRecordsAndKeepsTheRest) {
  auto result = Process(R"([{"a":1}, null, {}, 5, "s", [1], {"b":2}])");
  EXPECT_EQ(result.outcome.received, 7);
  EXPECT_EQ(result.outcome.rejected, 5);
  ASSERT_EQ(result.outcome.accepted.size(), 2u);
  EXPECT_EQ(result.outcome.accepted[1].row_index, 6);
  EXPECT_EQ(result.Ids(), Strings({"empty-record", "empty-record", "record-not-object",
                                   "record-not-object", "record-not-object"}));
  std::vector<int64_t> rows;
  for (const Issue& issue : result.issues.errors()) rows.push_back(issue.row_index);
  EXPECT_EQ(rows, (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST(ProcessBodyTest, FailsWhenNoRecordSurvives) {
  auto result = Process(R"([null, {"имя":1}])");
  EXPECT_TRUE(result.outcome.request_failed);
  EXPECT_EQ(result.outcome.received, 2);
  EXPECT_EQ(result.outcome.rejected, 2);
  EXPECT_EQ(result.Ids(), Strings({"no-valid-records", "empty-record", "invalid-property-name"}));
  EXPECT_EQ(result.issues.errors()[0].domain, IssueDomain::kRequest);
}

TEST(ProcessBodyTest, ReportsAllErrorsOfARejectedRecordAndNoWarnings) {
  Limits limits;
  limits.max_columns = 2;
  auto result = Process(R"([{"a b":1,"имя":2,"中":3}, {"ok":1}])", BodyFormat::kJson, limits);
  EXPECT_EQ(result.Ids(),
            Strings({"invalid-property-name", "invalid-property-name", "too-many-columns"}));
  EXPECT_EQ(result.outcome.accepted.size(), 1u);
}

TEST(ProcessBodyTest, ReadsNdjson) {
  const std::string body = "{\"a\":1}\r\n\r\n  \n{\"b\":2}\n{bad}\n[1]\n{\"c\":3}";
  auto result = Process(body, BodyFormat::kNdjson);
  EXPECT_EQ(result.Records(), Strings({R"({"a":1})", R"({"b":2})", R"({"c":3})"}));
  EXPECT_EQ(result.outcome.received, 5);
  EXPECT_EQ(result.outcome.rejected, 2);
  EXPECT_EQ(result.outcome.accepted[2].row_index, 4);
  ASSERT_EQ(result.Ids(), Strings({"invalid-json", "record-not-object"}));
  const Issue& bad = result.issues.errors()[0];
  EXPECT_EQ(bad.row_index, 2);
  EXPECT_EQ(bad.line, 5);
  EXPECT_EQ(bad.column, 2);
  EXPECT_EQ(bad.offset, 23);
  EXPECT_EQ(bad.domain, IssueDomain::kParsing);
  EXPECT_EQ(result.issues.errors()[1].row_index, 3);
}

TEST(ProcessBodyTest, ReadsNdjsonEdgeCases) {
  EXPECT_TRUE(Process("\n\r\n \t\n", BodyFormat::kNdjson).outcome.empty_batch);
  EXPECT_EQ(Process("{\"a\":1}\n", BodyFormat::kNdjson).Records(), Strings({R"({"a":1})"}));
  auto result = Process("{\"a\":\"x\r\n", BodyFormat::kNdjson);
  EXPECT_EQ(result.Find("invalid-json")->offset, 7);  // the CR inside the string
  result = Process("{\"a\":1} {\"b\":2}\n", BodyFormat::kNdjson);
  EXPECT_EQ(result.Find("invalid-json")->column, 9);
  EXPECT_TRUE(result.outcome.request_failed);  // no record survived
  // A whole JSON array in NDJSON is one line, one record: not an object.
  EXPECT_EQ(Process("[{\"a\":1}]", BodyFormat::kNdjson).Ids(),
            Strings({"no-valid-records", "record-not-object"}));
  EXPECT_EQ(Process("\xEF\xBB\xBF{\"a\":1}", BodyFormat::kNdjson).Ids(), Strings({"bom-removed"}));
  Limits limits;
  limits.max_depth = 2;
  EXPECT_EQ(Process("{\"a\":1}\n{\"a\":[[1]]}", BodyFormat::kNdjson, limits).Ids(),
            Strings({"nesting-too-deep"}));
}

TEST(ProcessBodyTest, StaysLinearOnHostileRecords) {
  // 20,000 names that all repair to "ab": over the column limit, so no suffix search.
  std::string same = "[{";
  for (int i = 0; i < 20000; ++i) {
    if (i > 0) same += ",";
    same += "\"a" + std::string(static_cast<size_t>(i % 50) + 1, ' ') + std::to_string(i / 50) +
            "b\":1";
  }
  same += "}]";
  auto result = Process(same);
  EXPECT_EQ(result.Ids(), Strings({"no-valid-records", "too-many-columns"}));
  // 20,000 distinct keys in one object go through the hashed duplicate check.
  std::string distinct = "[{";
  for (int i = 0; i < 20000; ++i) {
    if (i > 0) distinct += ",";
    distinct += "\"k" + std::to_string(i) + "\":" + std::to_string(i);
  }
  distinct += ",\"k5\":\"again\"}]";
  Limits limits;
  limits.max_columns = 100000;
  result = Process(distinct, BodyFormat::kJson, limits);
  ASSERT_EQ(result.outcome.accepted.size(), 1u);
  EXPECT_EQ(result.Ids(), Strings({"duplicate-property"}));
  EXPECT_NE(result.outcome.accepted[0].data.find(R"("k5":"again","k6":6)"), std::string::npos);
}

}  // namespace
}  // namespace inlet::ingest
