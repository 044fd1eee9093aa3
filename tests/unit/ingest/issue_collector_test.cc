#include "inlet/ingest/issue_collector.h"

#include <gtest/gtest.h>

namespace inlet::ingest {
namespace {

Issue Make(std::string id, IssueLevel level, int64_t row,
           std::optional<std::string> property = std::nullopt) {
  Issue issue;
  issue.message_id = std::move(id);
  issue.message = "text of " + issue.message_id;
  issue.level = level;
  issue.row_index = row;
  issue.property = std::move(property);
  return issue;
}

TEST(IssueCollectorTest, CapsEachListAndCountsTheRest) {
  IssueCollector issues(2);
  for (int i = 0; i < 5; ++i) issues.Add(Make("e", IssueLevel::kError, i));
  issues.Add(Make("w", IssueLevel::kWarning, 0));
  EXPECT_EQ(issues.errors().size(), 2u);
  EXPECT_EQ(issues.errors_omitted(), 3);
  EXPECT_EQ(issues.error_count(), 5);
  EXPECT_EQ(issues.warnings().size(), 1u);
  EXPECT_EQ(issues.warnings_omitted(), 0);
  EXPECT_EQ(issues.errors()[1].row_index, 1);
}

TEST(IssueCollectorTest, AggregatesTheLogByIdPropertyAndLevel) {
  IssueCollector issues(1000);
  for (int i = 0; i < 15; ++i) issues.Add(Make("dot-in-property", IssueLevel::kWarning, i, "a.b"));
  issues.Add(Make("dot-in-property", IssueLevel::kWarning, 3, "c.d"));
  issues.Add(Make("dot-in-property", IssueLevel::kError, 4, "a.b"));
  issues.Add(Make("empty-batch", IssueLevel::kWarning, -1));
  issues.Add(Make("empty-batch", IssueLevel::kWarning, -1, ""));  // "" is not "no property"
  const std::vector<LogRow> rows = issues.LogRows();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].message_id, "dot-in-property");
  EXPECT_EQ(rows[0].property, "a.b");
  EXPECT_EQ(rows[0].count, 15);
  EXPECT_EQ(rows[0].first_row_indexes.size(), kMaxRowIndexesPerLogRow);
  EXPECT_EQ(rows[0].first_row_indexes[9], 9);
  EXPECT_EQ(rows[0].message, "text of dot-in-property");
  EXPECT_EQ(rows[1].property, "c.d");
  EXPECT_EQ(rows[2].level, IssueLevel::kError);
  EXPECT_FALSE(rows[3].property.has_value());
  EXPECT_EQ(rows[4].property, "");
}

TEST(IssueCollectorTest, MergesAsIfAddedInOrder) {
  IssueCollector first(3);
  first.Add(Make("content-type-assumed", IssueLevel::kWarning, -1));
  first.Add(Make("x", IssueLevel::kWarning, 0, "p"));
  IssueCollector second(3);
  for (int i = 1; i < 13; ++i) second.Add(Make("x", IssueLevel::kWarning, i, "p"));
  second.Add(Make("e", IssueLevel::kError, 5));
  first.Merge(std::move(second));
  EXPECT_EQ(first.warnings().size(), 3u);
  EXPECT_EQ(first.warnings()[0].message_id, "content-type-assumed");
  EXPECT_EQ(first.warnings()[2].row_index, 1);
  EXPECT_EQ(first.warning_count(), 14);
  EXPECT_EQ(first.error_count(), 1);
  const std::vector<LogRow> rows = first.LogRows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].count, 13);
  EXPECT_EQ(rows[1].first_row_indexes, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(rows[2].message_id, "e");
  EXPECT_EQ(second.error_count(), 0);  // emptied
}

TEST(IssueCollectorTest, CountsRepeatsWithoutTheirDetails) {
  IssueCollector issues(2);
  EXPECT_TRUE(issues.WouldKeep(IssueLevel::kWarning, "x", std::string("p")));
  issues.Add(Make("x", IssueLevel::kWarning, 0, "p"));
  issues.Add(Make("x", IssueLevel::kWarning, 1, "p"));
  // The list is full and the log row exists: a repeat need not be built.
  EXPECT_FALSE(issues.WouldKeep(IssueLevel::kWarning, "x", std::string("p")));
  EXPECT_TRUE(issues.WouldKeep(IssueLevel::kWarning, "x", std::string("q")));  // a new row
  EXPECT_TRUE(issues.WouldKeep(IssueLevel::kError, "x", std::string("p")));    // its list
  issues.AddRepeat(IssueLevel::kWarning, "x", std::string("p"), 7);
  EXPECT_EQ(issues.warning_count(), 3);
  EXPECT_EQ(issues.warnings_omitted(), 1);
  EXPECT_EQ(issues.LogRows()[0].count, 3);
  EXPECT_EQ(issues.LogRows()[0].first_row_indexes, (std::vector<int64_t>{0, 1, 7}));
}

TEST(IssueCollectorTest, BoundsTheNumberOfLogRows) {
  IssueCollector issues(10);
  for (size_t i = 0; i < kMaxLogRows + 50; ++i) {
    issues.Add(Make("invalid-property-name", IssueLevel::kError, static_cast<int64_t>(i),
                    "name" + std::to_string(i)));
  }
  const std::vector<LogRow> rows = issues.LogRows();
  EXPECT_EQ(rows.size(), kMaxLogRows + 1);
  EXPECT_FALSE(rows.back().property.has_value());
  EXPECT_EQ(rows.back().count, 50);
  EXPECT_EQ(issues.error_count(), static_cast<int64_t>(kMaxLogRows + 50));
}

}  // namespace
}  // namespace inlet::ingest
