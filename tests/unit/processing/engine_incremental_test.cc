// Golden records that only gain parts are brought up to date from their stored document
// (golden_document.h): the work of a chunk does not grow with the parts a golden record
// already has, and the result is the document a fold over all its parts gives.
#include <random>

#include "engine_test_util.h"
#include "inlet/processing/golden_document.h"
#include "support/database.h"

namespace inlet::processing {
namespace {

class IncrementalTest : public EngineFixture {
 protected:
  // The document of `golden_key` computed from all its parts, as a full rebuild would.
  std::string FoldedDocument(int64_t golden_key) {
    std::string json;
    Status status = store_->RunGoldenSlice([&](store::GoldenWriter& writer) {
      INLET_ASSIGN_OR_RETURN(auto parts, writer.PartsOf(golden_key));
      std::vector<Clue> clues;
      for (const auto& part : parts) {
        INLET_ASSIGN_OR_RETURN(auto clue, ParseClueJson(part.payload));
        clues.push_back(std::move(clue));
      }
      std::vector<const Clue*> in_order;
      for (const auto& clue : clues) in_order.push_back(&clue);
      json = BuildGoldenDocument(in_order).json;
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.message();
    return json;
  }

  // Every live golden record's stored document equals its fold over all parts.
  void ExpectEveryDocumentFolded(const std::string& when) {
    for (const auto& golden : Golden()) {
      EXPECT_EQ(golden.document, FoldedDocument(golden.key))
          << "golden record " << golden.key << " " << when;
    }
  }
};

TEST_P(IncrementalTest, PartsReadStayLinearWhenOneIdentifierIsShared) {
  auto crm = AddEndpoint("CRM");
  constexpr int kChunks = 60, kPerChunk = 10;
  int64_t seq = 0;
  for (int chunk = 0; chunk < kChunks; ++chunk) {
    std::map<int64_t, std::string> records;
    for (int i = 0; i < kPerChunk; ++i) {
      ++seq;
      records[seq] = R"({"id":)" + std::to_string(seq) + R"(,"email":"same@x.com","name":"n)" +
                     std::to_string(seq) + R"("})";
    }
    Apply(crm, CustomerMapping("crm"), records);
  }
  ASSERT_EQ(Golden().size(), 1u);
  EXPECT_EQ(Golden()[0].part_count, kChunks * kPerChunk);
  EXPECT_EQ(Golden()[0].parts.size(), size_t{store::kGoldenItemsRead}) << "a read stays bounded";
  EXPECT_EQ(Golden()[0].name, "n600");
  // Recomputing from all parts once per chunk reads 10 + 20 + … + 600 = 18,300 parts.
  EXPECT_LE(reads_.parts_read, kChunks * kPerChunk) << "parts read grow with the parts added";
  EXPECT_EQ(reads_.parts_of_calls, 0) << "a golden record that only gains parts is not rebuilt";
  EXPECT_EQ(reads_.documents_read, kChunks) << "one document read per chunk";
  ExpectEveryDocumentFolded("at the end");
}

// Random records sharing a few emails (merges), with dates that tie, are missing or
// unparseable, values that are empty, records replaced and parts removed, in chunks of
// random size: after every chunk each golden record reads as the fold over all its parts.
TEST_P(IncrementalTest, IncrementalDocumentsEqualAFoldOverAllParts) {
  auto crm = AddEndpoint("CRM");
  auto erp = AddEndpoint("ERP");
  auto crm_mapping = CustomerMapping("crm");
  crm_mapping.identifiers.push_back({"other", "email"});
  crm_mapping.description_field = "note";
  auto erp_mapping = CustomerMapping("erp");
  erp_mapping.created_date_field = "created";

  std::mt19937 random(20261206);
  auto pick = [&](const std::vector<std::string>& choices) {
    return choices[std::uniform_int_distribution<size_t>(0, choices.size() - 1)(random)];
  };
  auto record = [&](int64_t id) {
    std::string json = R"({"id":)" + std::to_string(id);
    for (const auto& [field, choices] :
         std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"email", {"", "null", R"("a@x.com")", R"("b@x.com")", R"("c@x.com")", R"("")"}},
             {"other", {"", "", "", R"("b@x.com")", R"("d@x.com")"}},
             {"name", {"", R"("")", R"("Ann")", R"("Bob")", R"("Cy")"}},
             {"note", {"", R"("vip")", R"("late payer")"}},
             {"city", {"", R"("")", R"("Oslo")", R"("Bergen")", "7", R"({"zip":"0150"})"}},
             {"modified",
              {"", R"("2024-01-01")", R"("2024-01-01")", R"("2025-06-30T12:00:00Z")",
               "1700000000000", R"("yesterday")", "null"}},
             {"created", {"", R"("2023-05-05")", R"("soon")"}}}) {
      const std::string value = pick(choices);
      if (!value.empty()) json += ",\"" + field + "\":" + value;
    }
    return json + "}";
  };

  int64_t next_seq = 0;
  for (int chunk = 0; chunk < 80; ++chunk) {
    const bool on_crm = random() % 3 != 0;
    const EndpointRef& endpoint = on_crm ? crm : erp;
    const Mapping& mapping = on_crm ? crm_mapping : erp_mapping;
    const int action = static_cast<int>(random() % 10);
    if (action == 0 && next_seq > 0) {
      // A few parts out: their golden records are rebuilt (and may split).
      const int64_t first = 1 + static_cast<int64_t>(random() % next_seq);
      Remove(endpoint, first, first + static_cast<int64_t>(random() % 3));
    } else {
      std::map<int64_t, std::string> records;
      const int size = 1 + static_cast<int>(random() % 8);
      for (int i = 0; i < size; ++i) {
        // Now and then a record sent before comes with other content: its part is replaced.
        const bool replace = action == 1 && next_seq > 0;
        const int64_t seq = replace ? 1 + static_cast<int64_t>(random() % next_seq) : ++next_seq;
        records[seq] = record(static_cast<int64_t>(random() % 40));
      }
      Apply(endpoint, mapping, records);
    }
    ExpectEveryDocumentFolded("after chunk " + std::to_string(chunk));
    if (HasFailure()) return;
  }
  EXPECT_GT(reads_.documents_read, 20) << "the test must go through incremental updates";
  EXPECT_GT(reads_.parts_of_calls, 0) << "and through rebuilds";
}

TEST_P(IncrementalTest, ADocumentOfAnOlderLayoutIsRebuiltFromItsParts) {
  auto crm = AddEndpoint("CRM");
  Apply(crm, CustomerMapping("crm"),
        {{1, R"({"id":1,"email":"a@x.com","name":"Ann","city":"Oslo"})"},
         {2, R"({"id":2,"email":"a@x.com","city":"Bergen"})"}});
  // Written before documents said what survivorship needs to go on from them.
  ExecSql(R"(UPDATE golden_records SET document = '{"codes":[],"name":"Ann","description":"",)"
          R"("properties":{},"parts":[]}')");
  reads_ = {};
  Apply(crm, CustomerMapping("crm"), {{3, R"({"id":3,"email":"a@x.com","name":"Ann B"})"}});
  EXPECT_EQ(reads_.parts_read, 3);
  auto golden = ByCode("/Customer#email:a@x.com");
  EXPECT_EQ(golden.name, "Ann B");
  EXPECT_EQ(Value(golden, "crm.customer.city"), "Bergen");
  EXPECT_EQ(golden.document, FoldedDocument(golden.key));
}

TEST_P(IncrementalTest, QFindsAGoldenRecordByAnyOfItsCodes) {
  auto crm = AddEndpoint("CRM");
  Apply(crm, CustomerMapping("crm"),
        {{1, R"({"id":1,"email":"a@x.com"})"}, {2, R"({"id":2,"email":"b@x.com"})"}});
  for (const std::string text : {"crm:2", "B@X.COM", "#email:b"}) {
    store::GoldenQuery query;
    query.text = text;
    auto found = store_->ListGoldenRecords(query);
    ASSERT_TRUE(found.ok()) << found.status().message();
    ASSERT_EQ(found->size(), 1u) << text;
    EXPECT_EQ(found->front().codes,
              (std::vector<std::string>{"/Customer#crm:2", "/Customer#email:b@x.com"}));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, IncrementalTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace inlet::processing
