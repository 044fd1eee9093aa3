#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "inlet/processing/mapping.h"
#include "test_util.h"

namespace inlet::processing {
namespace {

Mapping FullMapping() {
  Mapping m = CustomerMapping();
  m.identifiers = {{"email", "email"}, {"vat", "crm"}};
  m.name_field = "name";
  m.description_field = "notes";
  m.created_date_field = "created";
  m.modified_date_field = "modified";
  m.properties = {{"city", "customer.city", false}, {"internalNote", "", true}};
  m.edges = {{"accountManager", "/ManagedBy", "/Employee", "hr"}};
  return m;
}

TEST(MappingToJsonTest, RoundTrips) {
  Mapping incomplete = CustomerMapping();
  incomplete.primary_identifier.reset();
  Mapping compound = CustomerMapping();
  compound.primary_identifier = PrimaryIdentifier{false, {"country", "customerId"}};
  Mapping automatic = FullMapping();
  automatic.primary_identifier = PrimaryIdentifier{true, {}};
  for (const Mapping& m : {FullMapping(), incomplete, compound, automatic}) {
    std::string json = MappingToJson(m);
    auto parsed = ParseMapping(json);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message() << "\n" << json;
    EXPECT_EQ(*parsed, m) << json;
    EXPECT_EQ(MappingToJson(*parsed), json);  // the text is canonical, too
  }
}

TEST(MappingToJsonTest, WritesTheSpecShape) {
  Mapping incomplete = CustomerMapping();
  incomplete.primary_identifier.reset();
  EXPECT_EQ(MappingToJson(incomplete),
            R"({"entityType":"/Customer","vocabularyPrefix":"crm.customer","origin":"crm",)"
            R"("primaryIdentifier":null,"identifiers":[],"nameField":null,)"
            R"("descriptionField":null,"createdDateField":null,"modifiedDateField":null,)"
            R"("properties":[],"edges":[]})");
  auto json = nlohmann::json::parse(MappingToJson(FullMapping()));
  EXPECT_EQ(json["primaryIdentifier"], nlohmann::json::parse(R"({"fields":["customerId"]})"));
  EXPECT_EQ(json["properties"][1],
            nlohmann::json::parse(R"({"field":"internalNote","ignore":true})"));
  EXPECT_EQ(json["edges"][0]["origin"], "hr");
  Mapping automatic = CustomerMapping();
  automatic.primary_identifier = PrimaryIdentifier{true, {}};
  EXPECT_EQ(nlohmann::json::parse(MappingToJson(automatic))["primaryIdentifier"],
            nlohmann::json::parse(R"({"auto":true})"));
}

TEST(MappingToJsonTest, DefaultedOriginsBecomeExplicit) {
  auto m = ParseMapping(R"({"entityType":"/Customer","vocabularyPrefix":"p","origin":"crm",
      "identifiers":[{"field":"email"}]})");
  ASSERT_TRUE(m.ok());
  auto json = nlohmann::json::parse(MappingToJson(*m));
  EXPECT_EQ(json["identifiers"][0]["origin"], "crm");
}

}  // namespace
}  // namespace inlet::processing
