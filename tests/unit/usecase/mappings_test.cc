// What Mappings decides, over a real SQLite store: what a reset keeps, when a proposal
// can be made and when it is stored, how a record that cannot be mapped shows in a
// sample, and a stored mapping that does not parse. The answers of the routes are
// checked in tests/e2e.
#include "inlet/usecase/mappings.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace inlet::usecase {
namespace {

constexpr const char* kComplete =
    R"({"entityType":"/Customer","vocabularyPrefix":"crm.customer","origin":"crm",)"
    R"("primaryIdentifier":{"fields":["id"]},"nameField":"name"})";

processing::Mapping Parsed(const std::string& json) {
  auto mapping = processing::ParseMapping(json);
  EXPECT_TRUE(mapping.ok()) << mapping.status().message();
  return mapping.value();
}

class MappingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = store::testing::OpenStore(store::testing::OptionsIn(dir_));
    profiles_ = std::make_unique<FieldProfiles>(*store_);
    processor_ = std::make_unique<processing::Processor>(*store_, processing::ProcessorOptions{});
    mappings_ = std::make_unique<Mappings>(*store_, *store_, *profiles_, *processor_);
    endpoint_ =
        Create("customers", R"({"entityType":"/Customer","vocabularyPrefix":"crm.customer",)"
                            R"("origin":"crm"})");
  }

  store::Endpoint Create(const std::string& name, const std::string& mapping_json) {
    store::NewEndpoint endpoint = store::testing::MakeEndpoint(name, "CRM", "Sales");
    endpoint.mapping_json = mapping_json;
    auto created = store_->CreateEndpoint(endpoint);
    EXPECT_TRUE(created.ok()) << created.status().message();
    return created.value();
  }

  // Stores `records` as one receipt's, in the preview and the field profile, as
  // ingestion does; returns the receipt id.
  std::string Append(const std::vector<std::string>& records) {
    ingest::FieldProfile delta = profiles_->NewProfile();
    for (const auto& record : records) delta.AddRecord(record);
    auto appended = store::testing::AppendRecords(*store_, endpoint_.key, records);
    profiles_->Apply(endpoint_.key, endpoint_.id, delta, appended.last_record_seq);
    return appended.receipt_id;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<FieldProfiles> profiles_;
  std::unique_ptr<processing::Processor> processor_;
  std::unique_ptr<Mappings> mappings_;
  store::Endpoint endpoint_;
};

TEST_F(MappingsTest, AResetKeepsOnlyWhatANewEndpointGets) {
  auto replaced = mappings_->Replace(endpoint_, Parsed(kComplete));
  ASSERT_TRUE(replaced.ok()) << replaced.status().message();
  EXPECT_EQ(replaced->mapping_json, processing::MappingToJson(Parsed(kComplete)));

  auto reset = mappings_->Reset(*replaced);
  ASSERT_TRUE(reset.ok()) << reset.status().message();
  processing::Mapping initial;
  initial.entity_type = "/Customer";
  initial.vocabulary_prefix = "crm.customer";
  initial.origin = "crm";
  EXPECT_EQ(reset->mapping_json, processing::MappingToJson(initial));
  auto read = mappings_->Get(*mappings_->FindEndpoint(endpoint_.id));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, initial);
}

TEST_F(MappingsTest, AProposalNeedsRecordsAndIsStoredOnlyWhenApplied) {
  Status none = mappings_->Propose(endpoint_, /*apply=*/false).status();
  EXPECT_EQ(none.code(), StatusCode::kConflict);
  EXPECT_EQ(none.message_id(), "no-fields-seen");

  Append({R"({"id":"c1","name":"Ada"})", R"({"id":"c2","name":"Grace"})"});
  endpoint_ = *mappings_->FindEndpoint(endpoint_.id);
  auto proposal = mappings_->Propose(endpoint_, /*apply=*/false);
  ASSERT_TRUE(proposal.ok()) << proposal.status().message();
  ASSERT_TRUE(proposal->mapping.primary_identifier.has_value());
  EXPECT_EQ(mappings_->FindEndpoint(endpoint_.id)->mapping_json, endpoint_.mapping_json);

  auto applied = mappings_->Propose(endpoint_, /*apply=*/true);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_EQ(applied->mapping, proposal->mapping);
  EXPECT_EQ(mappings_->FindEndpoint(endpoint_.id)->mapping_json,
            processing::MappingToJson(proposal->mapping));
}

TEST_F(MappingsTest, ASampledRecordThatCannotBeMappedSaysWhyAsTheProcessingLogWould) {
  Status incomplete = mappings_->SampleClues(endpoint_, 10).status();
  EXPECT_EQ(incomplete.message_id(), "mapping-incomplete");

  const std::string receipt_id = Append({R"({"id":"c1","name":"Ada"})", R"({"name":"Grace"})"});
  endpoint_ = *mappings_->Replace(endpoint_, Parsed(kComplete));
  auto samples = mappings_->SampleClues(endpoint_, 10);
  ASSERT_TRUE(samples.ok()) << samples.status().message();
  ASSERT_EQ(samples->size(), 2u);  // oldest first

  const auto* clue = std::get_if<processing::Clue>(&(*samples)[0].outcome);
  ASSERT_NE(clue, nullptr);
  EXPECT_EQ(clue->code, "/Customer#crm:c1");
  EXPECT_EQ(clue->name, "Ada");

  const ClueSample& unmappable = (*samples)[1];
  EXPECT_EQ(unmappable.receipt_id, receipt_id);
  const auto* issue = std::get_if<Issue>(&unmappable.outcome);
  ASSERT_NE(issue, nullptr);
  EXPECT_EQ(issue->message_id, "primary-identifier-missing");
  EXPECT_EQ(issue->domain, IssueDomain::kMapping);
  EXPECT_EQ(issue->level, IssueLevel::kError);
  EXPECT_EQ(issue->row_index, 1);

  EXPECT_EQ(mappings_->SampleClues(endpoint_, 1)->size(), 1u);
}

TEST_F(MappingsTest, AStoredMappingThatDoesNotParseIsTheServersFault) {
  store::Endpoint damaged = Create("damaged", R"({"entityType":)");
  EXPECT_EQ(mappings_->Get(damaged).status().code(), StatusCode::kInternal);
  EXPECT_EQ(mappings_->Reset(damaged).status().code(), StatusCode::kInternal);
  EXPECT_EQ(mappings_->SampleClues(damaged, 10).status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace inlet::usecase
