// A golden record with more parts and codes than one answer holds (issue 11): its answer
// keeps the first 100 of each with their counts and cursors, the rest are paged through
// …/parts and …/codes, and a value's provenance names its part even when that part lies
// beyond the first 100.
#include <gtest/gtest.h>

#include <set>

#include "support/ingest_client.h"
#include "support/management.h"
#include "support/processing_client.h"

namespace inlet::testing {
namespace {

constexpr int kRecords = 250;
constexpr int kDatedRecord = 200;  // the only record with a modified date: its values win

// kRecords customers sharing one email; only kDatedRecord has a modified date.
std::string SharingRecords() {
  nlohmann::json records = nlohmann::json::array();
  for (int i = 0; i < kRecords; ++i) {
    nlohmann::json record = {{"customerId", i},
                             {"name", "Customer " + std::to_string(i)},
                             {"email", "shared@example.com"},
                             {"city", "City-" + std::to_string(i)}};
    if (i == kDatedRecord) record["modified"] = "2025-01-01";
    records.push_back(record);
  }
  return records.dump();
}

class GoldenPaging : public ::testing::Test {
 protected:
  void SetUp() override {
    endpoint_ = CreateEndpoint(server_, "customers", "CRM")["id"];
    SetMapping(server_, endpoint_, CustomerMapping("crm"));
    ASSERT_EQ(Upload(server_, endpoint_, SharingRecords()).status, 200);
    auto job = ProcessAndWait(server_, endpoint_);
    ASSERT_EQ(job["created"], 1);
    ASSERT_EQ(job["merged"], kRecords - 1);
    golden_ = EntityByCode(server_, "/Customer#email:shared@example.com");
    id_ = golden_["id"];
  }

  ServerProcess server_;
  std::string endpoint_;
  nlohmann::json golden_;
  std::string id_;
};

TEST_F(GoldenPaging, TheAnswerHoldsTheFirstHundredWithCountsAndCursors) {
  auto golden = GetJson(server_, "/api/v1/entities/" + id_);
  EXPECT_EQ(golden["partCount"], kRecords);
  EXPECT_EQ(golden["codeCount"], kRecords + 1);
  EXPECT_EQ(golden["parts"].size(), 100u);
  EXPECT_EQ(golden["codes"].size(), 100u);
  EXPECT_TRUE(golden["partsNext"].is_string());
  EXPECT_TRUE(golden["codesNext"].is_string());
  // A list answer bounds each record the same way.
  EXPECT_EQ(golden_["parts"].size(), 100u);
  EXPECT_EQ(golden_["partCount"], kRecords);
}

TEST_F(GoldenPaging, PagingReachesEveryPartOnceInProcessingOrder) {
  std::vector<std::string> record_ids;
  for (const auto& part : golden_["parts"]) record_ids.push_back(part["recordId"]);
  nlohmann::json next = golden_["partsNext"];
  int pages = 0;
  while (next.is_string()) {
    auto page = GetJson(
        server_, "/api/v1/entities/" + id_ + "/parts?limit=100&after=" + next.get<std::string>());
    for (const auto& part : page["items"]) {
      EXPECT_EQ(part["endpointId"], endpoint_);
      record_ids.push_back(part["recordId"]);
    }
    next = page["next"];
    ASSERT_LT(++pages, 10);
  }
  EXPECT_EQ(record_ids.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ(std::set<std::string>(record_ids.begin(), record_ids.end()).size(),
            static_cast<size_t>(kRecords));
  // From the start, one page holds the same parts in the same order.
  auto whole = GetJson(server_, "/api/v1/entities/" + id_ + "/parts?limit=1000");
  ASSERT_EQ(whole["items"].size(), static_cast<size_t>(kRecords));
  EXPECT_TRUE(whole["next"].is_null());
  for (size_t i = 0; i < record_ids.size(); ++i) {
    EXPECT_EQ(whole["items"][i]["recordId"], record_ids[i]) << "part " << i;
  }
}

TEST_F(GoldenPaging, PagingReachesEveryCodeOnceInOrder) {
  std::vector<std::string> codes = golden_["codes"].get<std::vector<std::string>>();
  nlohmann::json next = golden_["codesNext"];
  while (next.is_string()) {
    auto page = GetJson(server_, "/api/v1/entities/" + id_ + "/codes?limit=70&after=" +
                                     QueryValue(next.get<std::string>()));
    for (const auto& code : page["items"]) codes.push_back(code);
    next = page["next"];
  }
  EXPECT_EQ(codes.size(), static_cast<size_t>(kRecords + 1));
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
}

TEST_F(GoldenPaging, AValueNamesItsPartBeyondTheFirstHundred) {
  auto parts = GetJson(server_, "/api/v1/entities/" + id_ + "/parts?limit=1000")["items"];
  ASSERT_EQ(parts.size(), static_cast<size_t>(kRecords));
  // Records are processed in the order they were sent.
  const auto& dated = parts[kDatedRecord];
  const auto& city = golden_["properties"]["crm.customer.city"];
  EXPECT_EQ(city["value"], "City-" + std::to_string(kDatedRecord));
  EXPECT_EQ(city["recordId"], dated["recordId"]);
  EXPECT_EQ(city["receiptId"], dated["receiptId"]);
  EXPECT_EQ(city["endpointId"], endpoint_);
  EXPECT_EQ(golden_["name"], "Customer " + std::to_string(kDatedRecord));
}

TEST_F(GoldenPaging, UnknownIdsAndBadCursorsAreRefused) {
  const std::string unknown = "/api/v1/entities/0190a8f0-0000-7000-8000-000000000000";
  for (const char* route : {"/parts", "/codes"}) {
    auto answer = server_.Request("GET", unknown + route);
    EXPECT_EQ(answer.status, 404) << route;
    EXPECT_NE(answer.body.find("entity-not-found"), std::string::npos) << answer.body;
  }
  EXPECT_EQ(server_.Request("GET", "/api/v1/entities/" + id_ + "/parts?after=x").status, 400);
  EXPECT_EQ(server_.Request("GET", "/api/v1/entities/" + id_ + "/parts?limit=0").status, 400);
  EXPECT_EQ(server_.Request("GET", "/api/v1/entities/" + id_ + "/codes?limit=1001").status, 400);
}

}  // namespace
}  // namespace inlet::testing
