// Reprocessing and removal (SPEC §5): unchanged clues, replaced parts, parts taken out.
#include "engine_test_util.h"
#include "inlet/processing/clue.h"
#include "support/database.h"

namespace inlet::processing {
namespace {

using ChangeTest = EngineFixture;

TEST_P(ChangeTest, TheSameRecordAgainIsUnchanged) {
  auto crm = AddEndpoint("CRM");
  const std::map<int64_t, std::string> records = {{1, R"({"id":1,"email":"a@x.com"})"},
                                                  {2, R"({"id":2})"}};
  Apply(crm, CustomerMapping("crm"), records);
  auto again = Apply(crm, CustomerMapping("crm"), records);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.created + again.merged + again.failed, 0);
  // Identical content sent again as new records is unchanged too.
  auto resent = Apply(crm, CustomerMapping("crm"), {{3, R"({"id":1,"email":"a@x.com"})"}});
  EXPECT_EQ(resent.unchanged, 1);
}

TEST_P(ChangeTest, APartRemembersWhatItWasBuiltFrom) {
  auto crm = AddEndpoint("CRM");
  const std::string record = R"({"id":1,"email":"a@x.com"})";
  Apply(crm, CustomerMapping("crm"), {{1, record}});
  const std::string expected =
      SourceHash(MappingDigest(MappingToJson(CustomerMapping("crm"))), record);
  EXPECT_EQ(expected.size(), 32u);
  EXPECT_EQ(PartHashes(crm)[1].source_hash_prefix, expected);
  // Another mapping, or the same under other rules, is another source.
  auto other = CustomerMapping("crm");
  other.name_field = "label";
  EXPECT_NE(SourceHash(MappingDigest(MappingToJson(other)), record), expected);
  EXPECT_NE(SourceHash(MappingDigest(MappingToJson(CustomerMapping("crm"))),
                       R"({"id":1,"email":"b@x.com"})"),
            expected);
}

TEST_P(ChangeTest, AnUnchangedClueFromOtherTextTeachesThePartItsSource) {
  auto crm = AddEndpoint("CRM");
  Apply(crm, CustomerMapping("crm"), {{1, R"({"id":1,"email":"a@x.com"})"}});
  // A database made before parts kept source hashes.
  ExecSql("UPDATE data_parts SET source_hash = NULL");
  EXPECT_EQ(PartHashes(crm)[1].source_hash_prefix, "");

  // Members in another order: another text, the same clue.
  const std::string reordered = R"({"email":"a@x.com","id":1})";
  auto counts = Apply(crm, CustomerMapping("crm"), {{1, reordered}});
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(counts.created + counts.merged + counts.failed, 0);
  EXPECT_EQ(PartHashes(crm)[1].source_hash_prefix,
            SourceHash(MappingDigest(MappingToJson(CustomerMapping("crm"))), reordered));
  EXPECT_EQ(Apply(crm, CustomerMapping("crm"), {{1, reordered}}).unchanged, 1);
}

TEST_P(ChangeTest, AChangedMappingMakesEveryClueNew) {
  auto crm = AddEndpoint("CRM");
  Apply(crm, CustomerMapping("crm"), {{1, R"({"id":1})"}});
  auto m = CustomerMapping("crm");
  m.description_field = "note";
  auto counts = Apply(crm, m, {{1, R"({"id":1})"}});
  EXPECT_EQ(counts.unchanged, 0);
  EXPECT_EQ(counts.created, 1) << "the record's old part went, so its golden record did too";
  EXPECT_EQ(Golden().size(), 1u);
}

TEST_P(ChangeTest, ARecordWhoseClueNowEqualsAnothersStillLosesItsOldPart) {
  auto crm = AddEndpoint("CRM");
  // Two sends of one customer that differ only in a note: two parts, one golden record.
  const std::map<int64_t, std::string> records = {{1, R"({"id":1,"note":"first"})"},
                                                  {2, R"({"id":1,"note":"second"})"}};
  Apply(crm, CustomerMapping("crm"), records);
  ASSERT_EQ(Doc(ByCode("/Customer#crm:1"))["parts"].size(), 2u);
  // Now the note is ignored, so both records give one clue. The second must not count
  // as the first sent again and keep its part of the old mapping.
  auto ignoring = CustomerMapping("crm");
  ignoring.properties = {{"note", "", true}};
  auto counts = Apply(crm, ignoring, records);
  EXPECT_EQ(counts.unchanged + counts.failed, 0);
  EXPECT_EQ(Value(ByCode("/Customer#crm:1"), "crm.customer.note"), "<absent>");
}

TEST_P(ChangeTest, AChangedPrimaryIdentifierReplacesTheRecordsPart) {
  auto crm = AddEndpoint("CRM");
  Apply(crm, CustomerMapping("crm"), {{1, R"({"id":1,"city":"Oslo"})"}});
  auto counts = Apply(crm, CustomerMapping("crm"), {{1, R"({"id":10,"city":"Oslo"})"}});
  EXPECT_EQ(counts.created, 1);
  EXPECT_EQ(counts.parts_delta, 0);
  ASSERT_EQ(Golden().size(), 1u);
  EXPECT_EQ(Doc(Golden()[0])["codes"], nlohmann::json({"/Customer#crm:10"}));
}

TEST_P(ChangeTest, RemovingASourceShrinksTheGoldenRecordsBack) {
  auto crm = AddEndpoint("CRM");
  auto erp = AddEndpoint("ERP");
  Apply(crm, CustomerMapping("crm"), {{1, R"({"id":1,"email":"a@x.com","city":"Oslo"})"}});
  Apply(erp, CustomerMapping("erp"), {{1, R"({"id":"E1","email":"a@x.com","credit":"500"})"}});
  auto merged = ByCode("/Customer#crm:1");
  EXPECT_EQ(Value(merged, "erp.customer.credit"), "500");

  auto counts = Remove(erp);
  EXPECT_EQ(counts.removed, 1);
  auto shrunk = ByCode("/Customer#crm:1");
  EXPECT_EQ(shrunk.id, merged.id);
  EXPECT_EQ(Value(shrunk, "erp.customer.credit"), "<absent>");
  EXPECT_EQ(Doc(shrunk)["codes"], nlohmann::json({"/Customer#crm:1", "/Customer#email:a@x.com"}));
  EXPECT_EQ(Doc(shrunk)["parts"].size(), 1u);
}

TEST_P(ChangeTest, RemovingTheBridgeSplitsTheGoldenRecordAgain) {
  auto crm = AddEndpoint("CRM");
  auto erp = AddEndpoint("ERP");
  Apply(crm, CustomerMapping("crm"), {{1, R"({"id":1,"email":"a@x.com"})"}});
  Apply(crm, CustomerMapping("crm"), {{2, R"({"id":2,"email":"b@x.com"})"}});
  auto bridging = CustomerMapping("erp");
  bridging.identifiers.push_back({"alt", "email"});
  Apply(erp, bridging, {{1, R"({"id":"E1","email":"a@x.com","alt":"b@x.com"})"}});
  ASSERT_EQ(Golden().size(), 1u);
  const std::string survivor = Golden()[0].id;

  Remove(erp);
  auto split = Golden();
  ASSERT_EQ(split.size(), 2u);
  EXPECT_EQ(ByCode("/Customer#crm:1").id, survivor) << "the part processed first keeps the id";
  EXPECT_NE(ByCode("/Customer#crm:2").id, survivor);
  EXPECT_EQ(Doc(ByCode("/Customer#crm:2"))["codes"],
            nlohmann::json({"/Customer#crm:2", "/Customer#email:b@x.com"}));
}

// Two parts out in one slice, where taking out the first splits the second off into a
// golden record of its own: the second must leave that one, not the one it was read in.
TEST_P(ChangeTest, PartsSplitOffByAnEarlierRemovalOfTheSliceStillLeave) {
  auto crm = AddEndpoint("CRM");
  auto m = CustomerMapping("crm");
  m.identifiers.push_back({"alt", "email"});
  Apply(crm, m,
        {{1, R"({"id":1,"email":"x@x.com"})"},
         {2, R"({"id":2,"email":"x@x.com","alt":"y@x.com"})"},
         {3, R"({"id":3,"email":"y@x.com"})"}});
  ASSERT_EQ(Golden().size(), 1u);

  EXPECT_EQ(Remove(crm, 2, 3).removed, 2);
  auto left = Golden();
  ASSERT_EQ(left.size(), 1u) << "no golden record is left holding the removed parts' codes";
  EXPECT_EQ(left[0].codes,
            (std::vector<std::string>{"/Customer#crm:1", "/Customer#email:x@x.com"}));
  store::GoldenQuery query;
  query.code = "/Customer#email:y@x.com";
  auto holder = store_->ListGoldenRecords(query);
  ASSERT_TRUE(holder.ok());
  EXPECT_TRUE(holder->empty());
}

TEST_P(ChangeTest, PartsTakenOutOfOneGoldenRecordInASliceReadTheRestOnce) {
  auto crm = AddEndpoint("CRM");
  std::map<int64_t, std::string> records;
  for (int64_t seq = 1; seq <= 200; ++seq) {
    records[seq] = R"({"id":)" + std::to_string(seq) + R"(,"email":"same@x.com"})";
  }
  Apply(crm, CustomerMapping("crm"), records);
  reads_ = {};
  EXPECT_EQ(Remove(crm, 1, 100).removed, 100);
  // Reconciled and recomputed once each: the 100 parts left, read twice. Reconciling after
  // every part taken out read 199 + 198 + ... + 100 parts, twice.
  EXPECT_EQ(reads_.parts_of_calls, 2);
  EXPECT_EQ(reads_.parts_read, 200);
  ASSERT_EQ(Golden().size(), 1u);
  EXPECT_EQ(Golden()[0].parts.size(), 100u);
}

TEST_P(ChangeTest, AGoldenRecordWithNoPartsLeftDisappearsAndComesBackOnReprocessing) {
  auto crm = AddEndpoint("CRM");
  const std::map<int64_t, std::string> records = {{1, R"({"id":1})"}, {2, R"({"id":2})"}};
  Apply(crm, CustomerMapping("crm"), records);
  auto counts = Remove(crm, 1, 1);
  EXPECT_EQ(counts.removed, 1);
  EXPECT_EQ(Golden().size(), 1u);
  Remove(crm);
  EXPECT_TRUE(Golden().empty());

  auto again = Apply(crm, CustomerMapping("crm"), records);
  EXPECT_EQ(again.created, 2) << "removed records can be processed again";
  EXPECT_EQ(Golden().size(), 2u);
}

TEST_P(ChangeTest, AShadowNobodyPointsAtAnyMoreDisappears) {
  auto crm = AddEndpoint("CRM");
  auto m = CustomerMapping("crm");
  m.edges = {{"manager", "/ManagedBy", "/Employee", "hr"}};
  Apply(crm, m, {{1, R"({"id":1,"manager":"7"})"}});
  ASSERT_EQ(Golden("/Employee").size(), 1u);
  Remove(crm);
  EXPECT_TRUE(Golden("/Employee").empty());
}

TEST_P(ChangeTest, ARealRecordPointedAtBecomesAShadowWhenItsPartGoes) {
  auto crm = AddEndpoint("CRM");
  auto hr = AddEndpoint("HR");
  auto m = CustomerMapping("crm");
  m.edges = {{"manager", "/ManagedBy", "/Employee", "hr"}};
  Apply(crm, m, {{1, R"({"id":1,"manager":"7"})"}});
  Mapping employees = CustomerMapping("hr");
  employees.entity_type = "/Employee";
  Apply(hr, employees, {{1, R"({"id":7,"name":"Eve"})"}});
  const std::string id = ByCode("/Employee#hr:7").id;

  Remove(hr);
  auto shadow = ByCode("/Employee#hr:7");
  EXPECT_EQ(shadow.id, id);
  EXPECT_TRUE(shadow.shadow);
  EXPECT_EQ(shadow.name, "");
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace inlet::processing
