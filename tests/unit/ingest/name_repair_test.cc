#include "ingest/name_repair.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/utf8.h"
#include "test_util.h"

namespace inlet::ingest {
namespace {

struct Repaired {
  std::string name;
  SegmentRepair repair;
};

Repaired Repair(std::string_view key) {
  Repaired out;
  out.repair = RepairSegment(key, out.name);
  return out;
}

TEST(NameRepairTest, LeavesGoodNamesAlone) {
  for (std::string_view name : {"FirstName", "_parentcustomerid_value", "a1", "Straße", "ÆØÅ"}) {
    Repaired r = Repair(name);
    EXPECT_EQ(r.name, name);
    EXPECT_EQ(r.repair.flags, 0);
    EXPECT_TRUE(r.repair.valid_chars);
  }
}

TEST(NameRepairTest, RemovesWhiteSpace) {
  Repaired r = Repair("First Name\t\xC2\xA0X");
  EXPECT_EQ(r.name, "FirstNameX");
  EXPECT_EQ(r.repair.flags, kNameSpaceRemoved);
}

TEST(NameRepairTest, RemovesDots) {
  Repaired r = Repair("a.b.c");
  EXPECT_EQ(r.name, "abc");
  EXPECT_EQ(r.repair.flags, kNameDotRemoved);
}

TEST(NameRepairTest, RemovesOtherAsciiSymbols) {
  Repaired r = Repair("@odata-e/t#a(g)\x7F!");
  EXPECT_EQ(r.name, "odataetag");
  EXPECT_EQ(r.repair.flags, kNameSymbolRemoved);
  r = Repair("@odata.etag");
  EXPECT_EQ(r.name, "odataetag");
  EXPECT_EQ(r.repair.flags, kNameDotRemoved | kNameSymbolRemoved);
  r = Repair("Zip/Postal Code");
  EXPECT_EQ(r.name, "ZipPostalCode");
  EXPECT_EQ(r.repair.flags, kNameSpaceRemoved | kNameSymbolRemoved);
}

TEST(NameRepairTest, KeepsNonLatinLettersAndMarksTheNameInvalid) {
  Repaired r = Repair("имя");
  EXPECT_EQ(r.name, "имя");
  EXPECT_FALSE(r.repair.valid_chars);
  EXPECT_EQ(r.repair.first_invalid, U'и');
  r = Repair("price €");
  EXPECT_EQ(r.name, "price€");
  EXPECT_FALSE(r.repair.valid_chars);
  EXPECT_EQ(r.repair.first_invalid, U'€');
  // U+FFFD (what ill-formed UTF-8 became) is not a letter either.
  r = Repair("caf\xEF\xBF\xBD");
  EXPECT_FALSE(r.repair.valid_chars);
  EXPECT_EQ(r.repair.first_invalid, kReplacementChar);
}

TEST(NameRepairTest, ChecksStartAndLength) {
  EXPECT_EQ(CheckName("a", 250), NameProblem::kNone);
  EXPECT_EQ(CheckName("_1", 250), NameProblem::kNone);
  EXPECT_EQ(CheckName("émile", 250), NameProblem::kNone);
  EXPECT_EQ(CheckName("", 250), NameProblem::kEmpty);
  EXPECT_EQ(CheckName("1a", 250), NameProblem::kBadStart);
  EXPECT_EQ(CheckName(std::string(250, 'a'), 250), NameProblem::kNone);
  EXPECT_EQ(CheckName(std::string(251, 'a'), 250), NameProblem::kTooLong);
  // Length counts characters, not bytes.
  std::string accented;
  for (int i = 0; i < 250; ++i) accented += "é";
  EXPECT_EQ(CheckName(accented, 250), NameProblem::kNone);
}

TEST(NameRepairTest, KnowsId) {
  EXPECT_TRUE(IsIdName("id"));
  EXPECT_TRUE(IsIdName("Id"));
  EXPECT_TRUE(IsIdName("ID"));
  EXPECT_TRUE(IsIdName("iD"));
  EXPECT_FALSE(IsIdName("_id"));
  EXPECT_FALSE(IsIdName("ids"));
}

// The rules through ProcessBody: what is stored, and in which order the rules apply.
using test::One;
using test::Process;

TEST(NameRulesTest, AppliesTheRulesInOrder) {
  // 1 then 2, 3, 4: a control character, a space, a dot and a symbol in one name.
  EXPECT_EQ(One(R"([{"a\u0001 b.c-d":1}])"), R"({"abcd":1})");
  auto result = Process(R"([{"a\u0001 b.c-d":1}])");
  EXPECT_EQ(result.Ids(),
            (std::vector<std::string>{"unsupported-character-removed", "space-in-property",
                                      "dot-in-property", "symbol-in-property"}));
  for (const Issue& issue : result.issues.warnings()) {
    EXPECT_EQ(issue.property, "a\x01 b.c-d");
    EXPECT_EQ(issue.repaired, "abcd");
    EXPECT_EQ(issue.path, "/a\x01 b.c-d");
    EXPECT_EQ(issue.row_index, 0);
    EXPECT_EQ(issue.domain, IssueDomain::kParsing);
  }
}

TEST(NameRulesTest, RenamesTopLevelIdAfterRepair) {
  EXPECT_EQ(One(R"([{"id":1}])"), R"({"_id":1})");
  EXPECT_EQ(One(R"([{"Id":1}])"), R"({"_Id":1})");
  EXPECT_EQ(One(R"([{"I D":1}])"), R"({"_ID":1})");
  EXPECT_EQ(One(R"([{"a":{"id":1}}])"), R"({"a_id":1})");
  EXPECT_EQ(One(R"([{"lines":[{"id":1}]}])"), R"({"lines_0_id":1})");
  EXPECT_EQ(One(R"([{"id":[1,2]}])"), R"({"_id":[1,2]})");
}

TEST(NameRulesTest, GivesCollidingRepairedNamesSuffixes) {
  EXPECT_EQ(One(R"([{"a b":1,"ab":2,"a.b":3}])"), R"({"ab_2":1,"ab":2,"ab_3":3})");
  // Without an unrepaired holder the first repaired name keeps it.
  EXPECT_EQ(One(R"([{"a b":1,"a.b":2}])"), R"({"ab":1,"ab_2":2})");
  // A suffix skips names already taken.
  EXPECT_EQ(One(R"([{"a b":1,"ab":2,"ab_2":3}])"), R"({"ab_3":1,"ab":2,"ab_2":3})");
  EXPECT_EQ(One(R"([{"id":1,"_id":2}])"), R"({"_id_2":1,"_id":2})");
  auto result = Process(R"([{"a b":1,"ab":2}])");
  const Issue* collision = result.Find("property-name-collision");
  ASSERT_NE(collision, nullptr);
  EXPECT_EQ(collision->property, "a b");
  EXPECT_EQ(collision->repaired, "ab_2");
}

TEST(NameRulesTest, KeepsTheLastOfRepeatedKeysAtTheFirstPosition) {
  EXPECT_EQ(One(R"([{"a":1,"b":2,"a":3}])"), R"({"a":3,"b":2})");
  EXPECT_EQ(One(R"([{"a":{"x":1},"a":{"y":2}}])"), R"({"a_y":2})");
  EXPECT_EQ(One(R"([{"o":{"k":1,"k":2}}])"), R"({"o_k":2})");
  // Escapes are resolved before comparing.
  EXPECT_EQ(One(R"([{"a":1,"\u0061":2}])"), R"({"a":2})");
  auto result = Process(R"([{"a":1,"b":2,"a":3}])");
  ASSERT_EQ(result.Ids(), (std::vector<std::string>{"duplicate-property"}));
  EXPECT_EQ(result.issues.warnings()[0].property, "a");
  EXPECT_EQ(result.issues.warnings()[0].path, "/a");
  // Many members take the hashed path.
  std::string many = "[{";
  for (int i = 0; i < 20; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  many += "\"k3\":\"last\"}]";
  EXPECT_NE(One(many).find(R"("k3":"last","k4":4)"), std::string::npos);
}

TEST(NameRulesTest, RejectsNamesThatStayInvalid) {
  for (std::string_view body : {R"([{"имя":1}])", R"([{"1a":1}])", R"([{"":1}])", R"([{"@":1}])",
                                R"([{"名前":{"a":1}}])", "[{\"caf\xE9\":1}]"}) {
    auto result = Process(body);
    EXPECT_EQ(result.outcome.rejected, 1) << body;
    EXPECT_EQ(result.Ids(), (std::vector<std::string>{"no-valid-records", "invalid-property-name"}))
        << body;
  }
  Limits limits;
  limits.max_name_length = 5;
  EXPECT_EQ(Process(R"([{"abcdef":1}])", BodyFormat::kJson, limits).outcome.rejected, 1);
  EXPECT_EQ(Process(R"([{"a":{"bcd":1}}])", BodyFormat::kJson, limits).outcome.rejected, 0);
  EXPECT_EQ(Process(R"([{"a":{"bcde":1}}])", BodyFormat::kJson, limits).outcome.rejected, 1);
}

TEST(NameRulesTest, ReportsInvalidUtf8InANameAsAnInvalidName) {
  auto result = Process("[{\"ok\":1,\"caf\xE9\":2}]");
  ASSERT_EQ(result.outcome.rejected, 1);
  const Issue* issue = result.Find("invalid-property-name");
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->property, "caf\xEF\xBF\xBD");
  EXPECT_EQ(issue->original, "caf\\xE9");
  EXPECT_EQ(issue->path, "/caf\xEF\xBF\xBD");
  EXPECT_EQ(result.issues.warnings().size(), 0u);  // no invalid-utf8-replaced for a rejected record
}

}  // namespace
}  // namespace inlet::ingest
