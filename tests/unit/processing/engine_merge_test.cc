// Merging clues into golden records (SPEC §5), over the real store.
#include "engine_test_util.h"

namespace inlet::processing {
namespace {

using MergeTest = EngineFixture;

TEST_P(MergeTest, TwoRecordsSharingACodeMakeOneGoldenRecord) {
  auto crm = AddEndpoint("CRM");
  auto counts = Apply(crm, CustomerMapping("crm"),
                      {{1, R"({"id":1,"name":"Ann","email":"ann@x.com"})"},
                       {2, R"({"id":2,"name":"Ann B","email":"ann@x.com"})"}});
  EXPECT_EQ(counts.created, 1);
  EXPECT_EQ(counts.merged, 1);
  ASSERT_EQ(Golden().size(), 1u);
  auto doc = Doc(Golden()[0]);
  EXPECT_EQ(doc["codes"],
            nlohmann::json({"/Customer#crm:1", "/Customer#crm:2", "/Customer#email:ann@x.com"}));
  EXPECT_EQ(doc["parts"].size(), 2u);
}

TEST_P(MergeTest, ARecordBridgingTwoGoldenRecordsMergesThemIntoTheOldest) {
  auto crm = AddEndpoint("CRM");
  auto m = CustomerMapping("crm");
  Apply(crm, m, {{1, R"({"id":1,"email":"a@x.com"})"}});
  Apply(crm, m, {{2, R"({"id":2,"email":"b@x.com"})"}});
  const auto oldest = ByCode("/Customer#crm:1");
  const auto younger = ByCode("/Customer#crm:2");
  ASSERT_LT(oldest.key, younger.key);

  // The clue's codes: its own, and both emails (one through its id, one through email).
  m.identifiers.push_back({"other", "email"});
  auto counts = Apply(crm, m, {{3, R"({"id":3,"email":"a@x.com","other":"b@x.com"})"}});
  EXPECT_EQ(counts.merged, 1);
  ASSERT_EQ(Golden().size(), 1u);
  EXPECT_EQ(Golden()[0].id, oldest.id);

  auto survivor = store_->GetGoldenRecord(younger.id, {});
  ASSERT_TRUE(survivor.ok() && *survivor);
  EXPECT_EQ((*survivor)->id, oldest.id) << "a merged-away id answers with the survivor";
  EXPECT_EQ((*survivor)->merged_from, std::vector<std::string>{younger.id});
  EXPECT_EQ(Doc(**survivor)["parts"].size(), 3u);
}

TEST_P(MergeTest, AnEmptyEmailDoesNotMerge) {
  auto crm = AddEndpoint("CRM");
  auto counts =
      Apply(crm, CustomerMapping("crm"),
            {{1, R"({"id":1,"email":""})"}, {2, R"({"id":2,"email":null})"}, {3, R"({"id":3})"}});
  EXPECT_EQ(counts.created, 3);
  EXPECT_EQ(Golden().size(), 3u);
}

TEST_P(MergeTest, JoinsNeverCrossEntityTypes) {
  auto crm = AddEndpoint("CRM");
  auto people = CustomerMapping("crm");
  people.entity_type = "/Person";
  Apply(crm, CustomerMapping("crm"), {{1, R"({"id":1,"email":"a@x.com"})"}});
  Apply(crm, people, {{2, R"({"id":1,"email":"a@x.com"})"}});
  EXPECT_EQ(Golden("/Customer").size(), 1u);
  EXPECT_EQ(Golden("/Person").size(), 1u);
}

TEST_P(MergeTest, AnEdgeMakesAShadowThatARealRecordTakesOver) {
  auto crm = AddEndpoint("CRM");
  auto hr = AddEndpoint("HR");
  auto customers = CustomerMapping("crm");
  customers.edges = {{"manager", "/ManagedBy", "/Employee", "hr"}};
  Apply(crm, customers, {{1, R"({"id":1,"manager":"7"})"}});
  auto shadow = ByCode("/Employee#hr:7");
  EXPECT_TRUE(shadow.shadow);
  auto incoming = store_->IncomingEdges(shadow.key);
  ASSERT_TRUE(incoming.ok());
  ASSERT_EQ(incoming->size(), 1u);
  EXPECT_EQ(incoming->front().edge_type, "/ManagedBy");

  Mapping employees = CustomerMapping("hr");
  employees.entity_type = "/Employee";
  employees.identifiers.clear();
  auto counts = Apply(hr, employees, {{1, R"({"id":7,"name":"Eve"})"}});
  EXPECT_EQ(counts.created, 1) << "taking over a shadow counts as created";
  EXPECT_EQ(counts.merged, 0);
  auto real = ByCode("/Employee#hr:7");
  EXPECT_EQ(real.id, shadow.id);
  EXPECT_FALSE(real.shadow);
  EXPECT_EQ(real.name, "Eve");

  auto outgoing = store_->OutgoingEdges(ByCode("/Customer#crm:1").key);
  ASSERT_TRUE(outgoing.ok());
  ASSERT_EQ(outgoing->size(), 1u);
  EXPECT_EQ(outgoing->front().target_id, real.id);
}

TEST_P(MergeTest, TheMostRecentlyModifiedValueWinsAndEmptyNeverWins) {
  auto crm = AddEndpoint("CRM");
  auto erp = AddEndpoint("ERP");
  // ERP's record is newer by date although processed first.
  Apply(erp, CustomerMapping("erp"),
        {{1, R"({"id":"E1","email":"a@x.com","name":"Ann Smith","city":"Oslo",)"
             R"("modified":"2025-03-01T10:00:00Z"})"}});
  auto crm_mapping = CustomerMapping("crm");
  crm_mapping.properties = {{"city", "erp.customer.city", false}};
  Apply(
      crm, crm_mapping,
      {{1, R"({"id":1,"email":"a@x.com","name":"Ann","city":"Bergen","modified":"2024-01-01"})"}});
  auto golden = ByCode("/Customer#email:a@x.com");
  EXPECT_EQ(golden.name, "Ann Smith");
  EXPECT_EQ(Value(golden, "erp.customer.city"), "Oslo");
  auto doc = Doc(golden);
  // Provenance is stored as the index of the winning part.
  const auto winner = doc["properties"]["erp.customer.city"]["part"].get<size_t>();
  EXPECT_EQ(doc["parts"][winner]["endpointId"], erp.id);

  // A newer record with an empty city: its name wins, the city does not.
  Apply(crm, crm_mapping,
        {{2, R"({"id":2,"email":"a@x.com","name":"Ann S.","city":"","modified":1900000000000})"}});
  golden = ByCode("/Customer#email:a@x.com");
  EXPECT_EQ(golden.name, "Ann S.");
  EXPECT_EQ(Value(golden, "erp.customer.city"), "Oslo");
}

TEST_P(MergeTest, WithoutDatesTheLaterProcessedPartWins) {
  auto crm = AddEndpoint("CRM");
  auto m = CustomerMapping("crm");
  m.modified_date_field.reset();
  Apply(crm, m, {{1, R"({"id":1,"email":"a@x.com","city":"Oslo"})"}});
  Apply(crm, m, {{2, R"({"id":2,"email":"a@x.com","city":"Bergen"})"}});
  EXPECT_EQ(Value(ByCode("/Customer#crm:1"), "crm.customer.city"), "Bergen");
}

TEST_P(MergeTest, AnUnparseableDateCountsAsMissingAndIsLogged) {
  auto crm = AddEndpoint("CRM");
  auto m = CustomerMapping("crm");
  Apply(crm, m, {{1, R"({"id":1,"email":"a@x.com","city":"Oslo","modified":"2024-01-01"})"}});
  Apply(crm, m, {{2, R"({"id":2,"email":"a@x.com","city":"Bergen","modified":"yesterday"})"}});
  EXPECT_EQ(Value(ByCode("/Customer#crm:1"), "crm.customer.city"), "Oslo");
  Status written = store_->RunGoldenSlice(
      [&](store::GoldenWriter& writer) { return log_.WriteTo(writer, crm.key, 3000); });
  ASSERT_TRUE(written.ok());
  store::LogQuery query;
  query.endpoint_key = crm.key;
  auto logs = store_->ListLogs(query);
  ASSERT_TRUE(logs.ok());
  ASSERT_EQ(logs->size(), 1u);
  EXPECT_EQ(logs->front().row.message_id, "unparseable-date");
  EXPECT_EQ(logs->front().row.domain, IssueDomain::kProcessing);
}

TEST_P(MergeTest, ARecordThatCannotBeMappedFailsAloneAndIsLogged) {
  auto crm = AddEndpoint("CRM");
  auto counts = Apply(crm, CustomerMapping("crm"),
                      {{1, R"({"name":"no id"})"}, {2, R"({"id":2})"}, {3, R"({"nope":1})"}});
  EXPECT_EQ(counts.failed, 2);
  EXPECT_EQ(counts.created, 1);
  EXPECT_FALSE(log_.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, MergeTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace inlet::processing
