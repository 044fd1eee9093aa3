// Unmerge and keep-apart rules (SPEC §11) in the engine, over a real SQLite store: what
// the split-off golden record keeps, what stays, survivorship on both sides, edges and
// shadows, and the rules in later passes; and the history each pass writes.
#include "engine_test_util.h"
#include "inlet/processing/history.h"

namespace inlet::processing {
namespace {

class UnmergeTest : public EngineFixture {
 protected:
  Result<GoldenEngine::Unmerged> Unmerge(const std::string& golden_id, const EndpointRef& endpoint,
                                         const std::string& record_id) {
    auto golden = store_->GetGoldenRecord(golden_id, {});
    EXPECT_TRUE(golden.ok() && golden->has_value());
    std::optional<GoldenEngine::Unmerged> done;
    Status status = store_->RunGoldenSlice([&](store::GoldenWriter& writer) -> Status {
      GoldenEngine engine(writer, 3000, "job-unmerge");
      INLET_ASSIGN_OR_RETURN(auto unmerged,
                             engine.Unmerge((*golden)->key, endpoint.key, record_id));
      done = unmerged;
      return engine.Finish();
    });
    if (!status.ok()) return status;
    return *done;
  }

  // Every event of the golden record's history, decoded.
  std::vector<HistoryEvent> Events(const std::string& id) {
    auto history = store_->ReadGoldenHistory(id, std::nullopt, 1000);
    EXPECT_TRUE(history.ok() && history->has_value());
    std::vector<HistoryEvent> events;
    if (!history.ok() || !*history) return events;
    for (const auto& row : (*history)->rows) {
      for (auto& event : DecodeHistory(row.events).events) events.push_back(std::move(event));
    }
    return events;
  }

  static const HistoryEvent* Find(const std::vector<HistoryEvent>& events, HistoryKind kind,
                                  const std::string& property = "") {
    const HistoryEvent* found = nullptr;
    for (const auto& event : events) {
      if (event.kind == kind && event.property == property) found = &event;
    }
    return found;
  }

  // ERP's record is newer, so its name and city win while both are merged.
  void MergeAnn() {
    crm_ = AddEndpoint("CRM");
    erp_ = AddEndpoint("ERP");
    auto crm_mapping = CustomerMapping("crm");
    crm_mapping.properties = {{"city", "erp.customer.city", false}};
    Apply(
        crm_, crm_mapping,
        {{1, R"({"id":1,"email":"a@x.com","name":"Ann","city":"Oslo","modified":"2024-01-01"})"}});
    Apply(erp_, CustomerMapping("erp"),
          {{1, R"({"id":"E1","email":"a@x.com","name":"Ann Smith","city":"Bergen",)"
               R"("credit":"5","modified":"2025-03-01T10:00:00Z"})"}});
    ASSERT_EQ(ByCode("/Customer#crm:1").id, ByCode("/Customer#erp:E1").id);
  }

  EndpointRef crm_, erp_;
};

TEST_P(UnmergeTest, TheSplitOffRecordTakesItsPartAndOnlyItsCodesAndBothSidesAreRecomputed) {
  MergeAnn();
  const std::string ann = ByCode("/Customer#crm:1").id;
  auto unmerged = Unmerge(ann, erp_, "record-1");
  ASSERT_TRUE(unmerged.ok()) << unmerged.status().message();
  EXPECT_FALSE(unmerged->rule_id.empty());

  auto left = ByCode("/Customer#crm:1");
  EXPECT_EQ(left.id, ann) << "the record that stays keeps the id";
  EXPECT_EQ(left.codes, (std::vector<std::string>{"/Customer#crm:1", "/Customer#email:a@x.com"}));
  ASSERT_EQ(left.parts.size(), 1u);
  EXPECT_EQ(left.parts[0].endpoint_id, crm_.id);
  EXPECT_EQ(left.name, "Ann") << "survivorship recomputed without ERP's newer values";
  EXPECT_EQ(Value(left, "erp.customer.city"), "Oslo");
  EXPECT_EQ(Value(left, "erp.customer.credit"), "<absent>");

  auto split = ByCode("/Customer#erp:E1");
  EXPECT_EQ(split.key, unmerged->golden_key);
  EXPECT_EQ(split.codes, std::vector<std::string>{"/Customer#erp:E1"});
  ASSERT_EQ(split.parts.size(), 1u);
  EXPECT_EQ(split.parts[0].endpoint_id, erp_.id);
  EXPECT_EQ(split.name, "Ann Smith");
  EXPECT_EQ(Value(split, "erp.customer.city"), "Bergen");
  EXPECT_EQ(Value(split, "erp.customer.credit"), "5");
  EXPECT_FALSE(split.shadow);

  // History: the unmerge and every value it changed, on both sides, naming the job.
  const auto ann_events = Events(ann);
  const HistoryEvent* gone = Find(ann_events, HistoryKind::kUnmerged);
  ASSERT_NE(gone, nullptr);
  EXPECT_EQ(gone->part->endpoint_id, erp_.id);
  const HistoryEvent* city = Find(ann_events, HistoryKind::kPropertyChanged, "erp.customer.city");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->from, "Bergen");
  EXPECT_EQ(city->to, "Oslo");
  EXPECT_EQ(city->part->endpoint_id, crm_.id) << "the value's source";
  const HistoryEvent* credit =
      Find(ann_events, HistoryKind::kPropertyChanged, "erp.customer.credit");
  ASSERT_NE(credit, nullptr);
  EXPECT_EQ(credit->from, "5");
  EXPECT_FALSE(credit->to.has_value());
  const auto split_events = Events(split.id);
  ASSERT_FALSE(split_events.empty());
  EXPECT_EQ(split_events.front().kind, HistoryKind::kUnmerged);
  EXPECT_EQ(Find(split_events, HistoryKind::kPropertyChanged, "erp.customer.credit")->to, "5");
  auto rows = store_->ReadGoldenHistory(split.id, std::nullopt, 100);
  ASSERT_TRUE(rows.ok() && rows->has_value());
  EXPECT_EQ((*rows)->rows.back().job_id, "job-unmerge");
  EXPECT_EQ((*rows)->rows.back().at_ms, 3000);
}

TEST_P(UnmergeTest, EveryPartOfTheSameSourceRecordGoesAndWhatCannotBeDoneIsRefused) {
  MergeAnn();
  // A second CRM record of the same customer (the same primary code, another clue).
  Apply(crm_, CustomerMapping("crm"), {{2, R"({"id":1,"email":"a@x.com","phone":"555"})"}});
  const std::string ann = ByCode("/Customer#crm:1").id;
  ASSERT_EQ(ByCode("/Customer#crm:1").parts.size(), 3u);

  auto unmerged = Unmerge(ann, crm_, "record-2");
  ASSERT_TRUE(unmerged.ok()) << unmerged.status().message();
  auto crm_side = ByCode("/Customer#crm:1");
  EXPECT_EQ(crm_side.key, unmerged->golden_key);
  EXPECT_EQ(crm_side.parts.size(), 2u) << "both parts of /Customer#crm:1";
  auto erp_side = ByCode("/Customer#erp:E1");
  EXPECT_EQ(erp_side.id, ann) << "the ERP part was the first left: it keeps the id";
  EXPECT_EQ(erp_side.codes,
            (std::vector<std::string>{"/Customer#email:a@x.com", "/Customer#erp:E1"}));

  auto missing = Unmerge(ann, crm_, "record-1");
  EXPECT_EQ(missing.status().message_id(), "part-not-found");
  auto alone = Unmerge(ann, erp_, "record-1");
  EXPECT_EQ(alone.status().message_id(), "nothing-to-unmerge");
  EXPECT_EQ(alone.status().code(), StatusCode::kConflict);
  auto rules = store_->ListKeepApart(std::nullopt, 10);
  ASSERT_TRUE(rules.ok());
  ASSERT_EQ(rules->size(), 1u) << "a refused unmerge stores no rule";
  EXPECT_EQ(rules->front().taken_out.code, "/Customer#crm:1");
  EXPECT_EQ(rules->front().stays.code, "/Customer#erp:E1");
}

TEST_P(UnmergeTest, EdgesFollowTheCodesTheirTargetsHoldAndShadowsStay) {
  MergeAnn();
  // An employee manages the ERP account; Ann's golden record points at a manager nobody
  // has sent yet (a shadow).
  auto hr = AddEndpoint("HR");
  Mapping employees = CustomerMapping("hr");
  employees.entity_type = "/Employee";
  employees.identifiers.clear();
  employees.edges = {{"account", "/Manages", "/Customer", "erp"}};
  Apply(hr, employees, {{1, R"({"id":7,"name":"Eve","account":"E1"})"}});
  auto crm_with_edge = CustomerMapping("crm");
  crm_with_edge.edges = {{"manager", "/ManagedBy", "/Employee", "hr"}};
  Apply(crm_, crm_with_edge, {{1, R"({"id":1,"email":"a@x.com","name":"Ann","manager":"9"})"}});
  const std::string ann = ByCode("/Customer#crm:1").id;
  ASSERT_TRUE(ByCode("/Employee#hr:9").shadow);

  auto unmerged = Unmerge(ann, erp_, "record-1");
  ASSERT_TRUE(unmerged.ok()) << unmerged.status().message();
  auto eve = store_->OutgoingEdges(ByCode("/Employee#hr:7").key);
  ASSERT_TRUE(eve.ok());
  ASSERT_EQ(eve->size(), 1u);
  EXPECT_EQ(eve->front().target_id, ByCode("/Customer#erp:E1").id)
      << "the edge's code went with the part that brought it";
  auto shadow = ByCode("/Employee#hr:9");
  EXPECT_TRUE(shadow.shadow) << "the shadow stays: Ann's part still points at it";
  auto incoming = store_->IncomingEdges(shadow.key);
  ASSERT_TRUE(incoming.ok());
  ASSERT_EQ(incoming->size(), 1u);
  EXPECT_EQ(incoming->front().source_id, ann);
}

TEST_P(UnmergeTest, ARuleKeepsGoldenRecordsApartWhateverLinksThemUntilItIsDeleted) {
  MergeAnn();
  const std::string ann = ByCode("/Customer#crm:1").id;
  auto unmerged = Unmerge(ann, erp_, "record-1");
  ASSERT_TRUE(unmerged.ok()) << unmerged.status().message();
  const std::string split = ByCode("/Customer#erp:E1").id;

  // A third source's record whose codes lead to both: it joins the older one, and the
  // two golden records do not merge.
  auto web = AddEndpoint("WEB");
  Mapping web_mapping = CustomerMapping("web");
  web_mapping.identifiers = {{"email", "email"}, {"account", "erp"}};
  auto linked = Apply(web, web_mapping, {{1, R"({"id":"W1","email":"a@x.com","account":"E1"})"}});
  EXPECT_EQ(linked.merged, 1);
  EXPECT_EQ(ByCode("/Customer#web:W1").id, ann);
  EXPECT_EQ(ByCode("/Customer#erp:E1").id, split) << "its code stays with the kept-apart record";
  EXPECT_EQ(Golden().size(), 2u);

  // The ERP record applied again (its clue changed) stays apart from Ann.
  auto again = Apply(erp_, CustomerMapping("erp"),
                     {{1, R"({"id":"E1","email":"a@x.com","name":"Ann Smith","credit":"6"})"}});
  EXPECT_EQ(again.created, 1) << "a golden record of its own again";
  EXPECT_NE(ByCode("/Customer#erp:E1").id, ann);

  // Deleted, the rule no longer stands in the way: the next application merges.
  auto rules = store_->ListKeepApart(std::nullopt, 10);
  ASSERT_TRUE(rules.ok() && rules->size() == 1);
  ASSERT_TRUE(store_->DeleteKeepApart(rules->front().id).ok());
  EXPECT_EQ(store_->DeleteKeepApart(rules->front().id).message_id(), "rule-not-found");
  EXPECT_EQ(PartHashes(erp_)[1].clue_hash_prefix, std::string(32, '0'))
      << "the taken-out part forgot its clue hash";
  auto merged = Apply(erp_, CustomerMapping("erp"),
                      {{1, R"({"id":"E1","email":"a@x.com","name":"Ann Smith","credit":"6"})"}});
  EXPECT_EQ(merged.merged, 1);
  EXPECT_EQ(ByCode("/Customer#erp:E1").id, ann);
  EXPECT_EQ(Golden().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, UnmergeTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace inlet::processing
