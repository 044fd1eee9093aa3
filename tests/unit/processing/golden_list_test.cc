// Listing golden records (GoldenStore::ListGoldenRecords): each filter alone and with the
// others, and paging by key, over golden records a real engine made. The list query has
// a term only for the filters given, so every combination is checked here.
#include <set>

#include "engine_test_util.h"

namespace inlet::processing {
namespace {

class GoldenListTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    Mapping employees = CustomerMapping("hr");
    employees.entity_type = "/Employee";
    Apply(AddEndpoint("CRM"), CustomerMapping("crm"),
          {{1, R"({"id":1,"name":"Ann","email":"ann@x.com"})"},
           {2, R"({"id":2,"name":"Bob","email":"bob@x.com"})"},
           {3, R"({"id":3,"name":"Cy","email":"cy@x.com"})"},
           {4, R"({"id":4,"name":"Dee","email":"dee@x.com"})"},
           {5, R"({"id":5,"name":"Eve","email":"eve@x.com"})"}});
    Apply(AddEndpoint("HR"), employees,
          {{1, R"({"id":1,"name":"Anna","email":"anna@x.com"})"},
           {2, R"({"id":2,"name":"Bo","email":"bo@x.com"})"},
           {3, R"({"id":3,"name":"Cyd","email":"cyd@x.com"})"}});
  }

  std::vector<std::string> NamesOf(const store::GoldenQuery& query) {
    auto records = store_->ListGoldenRecords(query);
    EXPECT_TRUE(records.ok()) << records.status().message();
    std::vector<std::string> names;
    if (records.ok()) {
      for (const auto& golden : *records) names.push_back(golden.name);
    }
    return names;
  }
};

using Names = std::vector<std::string>;
using Text = std::optional<std::string>;

store::GoldenQuery Query(Text type, Text code = std::nullopt, Text text = std::nullopt) {
  store::GoldenQuery query;
  query.entity_type = std::move(type);
  query.code = std::move(code);
  query.text = std::move(text);
  return query;
}

TEST_P(GoldenListTest, EachFilterAlone) {
  EXPECT_EQ(NamesOf(Query(std::nullopt)).size(), 8u);
  EXPECT_EQ(NamesOf(Query("/Employee")), (Names{"Anna", "Bo", "Cyd"}));
  EXPECT_EQ(NamesOf(Query(std::nullopt, "/Customer#crm:2")), Names{"Bob"});
  EXPECT_EQ(NamesOf(Query(std::nullopt, std::nullopt, "AN")), (Names{"Ann", "Anna"}));
}

TEST_P(GoldenListTest, FiltersCombine) {
  EXPECT_EQ(NamesOf(Query("/Employee", std::nullopt, "an")), Names{"Anna"});
  EXPECT_EQ(NamesOf(Query("/Customer", "/Customer#crm:2")), Names{"Bob"});
  EXPECT_TRUE(NamesOf(Query("/Employee", "/Customer#crm:2")).empty());
  EXPECT_EQ(NamesOf(Query(std::nullopt, "/Customer#email:bob@x.com", "bo")), Names{"Bob"});
  EXPECT_TRUE(NamesOf(Query(std::nullopt, "/Customer#email:bob@x.com", "ann")).empty());
  EXPECT_EQ(NamesOf(Query("/Customer", "/Customer#crm:1", "ann")), Names{"Ann"});
}

TEST_P(GoldenListTest, PagesByKeyWithAFilter) {
  std::vector<std::string> names;
  std::optional<int64_t> after;
  for (int page = 0; page < 10; ++page) {
    store::GoldenQuery query = Query("/Customer");
    query.after_key = after;
    query.limit = 2;
    auto records = store_->ListGoldenRecords(query);
    ASSERT_TRUE(records.ok()) << records.status().message();
    if (records->empty()) break;
    for (const auto& golden : *records) names.push_back(golden.name);
    after = records->back().key;
  }
  EXPECT_EQ(names, (Names{"Ann", "Bob", "Cy", "Dee", "Eve"}));
  // After the last key of a code's golden record there is nothing more.
  auto bob = store_->ListGoldenRecords(Query(std::nullopt, "/Customer#crm:2"));
  ASSERT_TRUE(bob.ok() && bob->size() == 1u);
  store::GoldenQuery after_bob = Query(std::nullopt, "/Customer#crm:2");
  after_bob.after_key = bob->front().key;
  EXPECT_TRUE(NamesOf(after_bob).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, GoldenListTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace inlet::processing
