// Rule 5 (flattening) and the value repairs, through ProcessBody.
#include <gtest/gtest.h>

#include "test_util.h"

namespace inlet::ingest {
namespace {

using test::One;
using test::Process;

TEST(FlattenTest, JoinsNestedObjectsWithUnderscores) {
  EXPECT_EQ(One(R"([{"address":{"city":"Oslo","geo":{"lat":59.9}}}])"),
            R"({"address_city":"Oslo","address_geo_lat":59.9})");
}

TEST(FlattenTest, FlattensArraysOfObjectsByIndex) {
  EXPECT_EQ(One(R"([{"lines":[{"sku":"A","qty":1},{"sku":"B"}]}])"),
            R"({"lines_0_sku":"A","lines_0_qty":1,"lines_1_sku":"B"})");
  // Mixed arrays and arrays of arrays are flattened by index too.
  EXPECT_EQ(One(R"([{"a":[1,{"b":2}]}])"), R"({"a_0":1,"a_1_b":2})");
  EXPECT_EQ(One(R"([{"m":[[1,2],[3]]}])"), R"({"m_0":[1,2],"m_1":[3]})");
}

TEST(FlattenTest, KeepsArraysOfScalars) {
  EXPECT_EQ(One(R"([{"tags":["a",1,null,true,-0.5],"e":[]}])"),
            R"({"tags":["a",1,null,true,-0.5],"e":[]})");
  EXPECT_TRUE(Process(R"([{"tags":["a","b"]}])").Ids().empty());
}

TEST(FlattenTest, DropsNestedEmptyObjects) {
  EXPECT_EQ(One(R"([{"a":{},"b":{"c":{},"d":1},"e":[{}],"f":2}])"), R"({"b_d":1,"f":2})");
  auto result = Process(R"([{"a":{},"f":2}])");
  const Issue* dropped = result.Find("nested-object-flattened");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->property, "a");
  EXPECT_EQ(dropped->path, "/a");
  EXPECT_FALSE(dropped->repaired.has_value());
}

TEST(FlattenTest, RejectsARecordWithNothingLeft) {
  auto result = Process(R"([{"a":{}},{"b":[{},{}]}])");
  EXPECT_EQ(result.outcome.rejected, 2);
  EXPECT_EQ(result.Ids(),
            (std::vector<std::string>{"no-valid-records", "empty-record", "empty-record"}));
}

TEST(FlattenTest, ReportsOneWarningPerTopLevelProperty) {
  auto result = Process(R"([{"address":{"city":"Oslo","zip":"0150"},"x":1}])");
  ASSERT_EQ(result.Ids(), (std::vector<std::string>{"nested-object-flattened"}));
  const Issue& issue = result.issues.warnings()[0];
  EXPECT_EQ(issue.property, "address");
  EXPECT_EQ(issue.path, "/address");
  EXPECT_EQ(issue.repaired, "address_city");
  EXPECT_EQ(issue.row_index, 0);
}

TEST(FlattenTest, RepairsEachSegmentAndCollidesWholeNames) {
  EXPECT_EQ(One(R"([{"my address":{"zip code":"1"}}])"), R"({"myaddress_zipcode":"1"})");
  auto result = Process(R"([{"my address":{"zip code":"1"}}])");
  EXPECT_EQ(result.Ids(), (std::vector<std::string>{"space-in-property", "space-in-property",
                                                    "nested-object-flattened"}));
  const Issue& inner = result.issues.warnings()[1];
  EXPECT_EQ(inner.property, "zip code");
  EXPECT_EQ(inner.path, "/my address/zip code");
  EXPECT_EQ(inner.repaired, "myaddress_zipcode");
  const Issue& outer = result.issues.warnings()[0];
  EXPECT_EQ(outer.property, "my address");
  EXPECT_EQ(outer.repaired, "myaddress");  // a flattened member: its own repaired part
  // An unrepaired name wins over a flattened one.
  EXPECT_EQ(One(R"([{"a":{"b":1},"a_b":2}])"), R"({"a_b_2":1,"a_b":2})");
}

TEST(FlattenTest, EscapesJsonPointerTokens) {
  auto result = Process(R"([{"a/b":{"c~d":"\u0001"}}])");
  const Issue* issue = result.Find("unsupported-character-removed");
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->path, "/a~1b/c~0d");
}

TEST(ValueRepairTest, RemovesUnsupportedCharactersAndSaysWhere) {
  EXPECT_EQ(One(R"([{"note":"a\u0000b\bc\uD800d"}])"), R"({"note":"abcd"})");
  auto result = Process(R"([{"o":{"note":"a\u0000b","n2":"\u0001"}}])");
  std::vector<std::string> paths;
  for (const Issue& issue : result.issues.warnings()) {
    if (issue.message_id == "unsupported-character-removed") {
      paths.push_back(*issue.path);
      EXPECT_EQ(issue.level, IssueLevel::kWarning);
    }
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"/o/note", "/o/n2"}));
  const Issue* first = result.Find("unsupported-character-removed");
  EXPECT_EQ(first->property, "note");
  EXPECT_EQ(first->repaired, "o_note");
  EXPECT_EQ(first->original, "a\\u0000b");
}

TEST(ValueRepairTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(One("[{\"n\":\"caf\xE9\"}]"), "{\"n\":\"caf\xEF\xBF\xBD\"}");
  auto result = Process("[{\"n\":\"caf\xE9\"}]");
  const Issue* issue = result.Find("invalid-utf8-replaced");
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->original, "caf\\xE9");
  EXPECT_EQ(issue->property, "n");
}

TEST(ValueRepairTest, WarnsOncePerColumnAndKind) {
  auto result = Process(R"([{"tags":["\u0001","\u0002","ok"],"t2":"\u0003"}])");
  EXPECT_EQ(result.Ids(), (std::vector<std::string>{"unsupported-character-removed",
                                                    "unsupported-character-removed"}));
  EXPECT_EQ(result.issues.warnings()[0].path, "/tags/0");
  EXPECT_EQ(result.issues.warnings()[0].property, "tags");
}

TEST(ValueRepairTest, KeepsNumbersExactly) {
  EXPECT_EQ(One(R"([{"a":1.50,"b":-0,"c":123456789012345678901234567890,"d":1e400,"e":1E-7}])"),
            R"({"a":1.50,"b":-0,"c":123456789012345678901234567890,"d":1e400,"e":1E-7})");
}

TEST(ValueRepairTest, KeepsStringsExactly) {
  EXPECT_EQ(One(R"([{"s":"\u00e9\/\"\\\n\t\r\u2028 \ud83d\ude00"}])"),
            "{\"s\":\"\xC3\xA9/\\\"\\\\\\n\\t\\r\xE2\x80\xA8 \xF0\x9F\x98\x80\"}");
}

}  // namespace
}  // namespace inlet::ingest
