#include <gtest/gtest.h>

#include <string>

#include "inlet/processing/mapping.h"
#include "test_util.h"

namespace inlet::processing {
namespace {

constexpr const char* kFull = R"({
  "entityType": "/Customer", "vocabularyPrefix": "crm.customer", "origin": "crm",
  "primaryIdentifier": {"fields": ["customerId"]},
  "identifiers": [{"field": "email", "origin": "email"}],
  "nameField": "name", "descriptionField": null,
  "createdDateField": "created", "modifiedDateField": "modified",
  "properties": [{"field": "city", "key": "customer.city"},
                 {"field": "internalNote", "ignore": true}],
  "edges": [{"field": "accountManager", "edgeType": "/ManagedBy",
             "entityType": "/Employee", "origin": "hr"}]})";

TEST(ParseMappingTest, ReadsEveryMember) {
  auto m = ParseMapping(kFull);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->entity_type, "/Customer");
  EXPECT_EQ(m->vocabulary_prefix, "crm.customer");
  EXPECT_EQ(m->origin, "crm");
  ASSERT_TRUE(m->primary_identifier);
  EXPECT_FALSE(m->primary_identifier->auto_hash);
  EXPECT_EQ(m->primary_identifier->fields, std::vector<std::string>{"customerId"});
  ASSERT_EQ(m->identifiers.size(), 1u);
  EXPECT_EQ(m->identifiers[0], (IdentifierMapping{"email", "email"}));
  EXPECT_EQ(m->name_field, "name");
  EXPECT_EQ(m->description_field, std::nullopt);
  EXPECT_EQ(m->created_date_field, "created");
  EXPECT_EQ(m->modified_date_field, "modified");
  ASSERT_EQ(m->properties.size(), 2u);
  EXPECT_EQ(m->properties[0], (PropertyMapping{"city", "customer.city", false}));
  EXPECT_EQ(m->properties[1], (PropertyMapping{"internalNote", "", true}));
  ASSERT_EQ(m->edges.size(), 1u);
  EXPECT_EQ(m->edges[0], (EdgeMapping{"accountManager", "/ManagedBy", "/Employee", "hr"}));
  EXPECT_TRUE(IsComplete(*m));
}

TEST(ParseMappingTest, InitialMappingIsIncomplete) {
  // The document endpoint creation writes (http/api_endpoints.cc, InitialMapping).
  auto m = ParseMapping(
      R"({"entityType":"/Customer","vocabularyPrefix":"crm.customer","origin":"CRM",)"
      R"("primaryIdentifier":null,"identifiers":[],"nameField":null,"descriptionField":null,)"
      R"("createdDateField":null,"modifiedDateField":null,"properties":[],"edges":[]})");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_FALSE(IsComplete(*m));
  Status status = CheckComplete(*m);
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(status.message_id(), "mapping-incomplete");
  EXPECT_TRUE(Contains(status.message(), "primaryIdentifier"));
}

TEST(ParseMappingTest, OptionalMembersDefault) {
  auto m = ParseMapping(R"({"entityType":"/A/B_2","vocabularyPrefix":"p","origin":"o",
      "identifiers":[{"field":"email"}],
      "edges":[{"field":"m","edgeType":"/ManagedBy","entityType":"/Employee"}]})");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_FALSE(m->primary_identifier);
  EXPECT_EQ(m->identifiers[0].origin, "o");  // the mapping's origin
  EXPECT_EQ(m->edges[0].origin, "o");
  EXPECT_FALSE(m->name_field);
  EXPECT_TRUE(m->properties.empty());
}

TEST(ParseMappingTest, CompoundAndAutoPrimaryIdentifiers) {
  auto compound = ParseMapping(R"({"entityType":"/Customer","vocabularyPrefix":"p","origin":"o",
      "primaryIdentifier":{"fields":["country","customerId"]}})");
  ASSERT_TRUE(compound.ok()) << compound.status().message();
  EXPECT_EQ(compound->primary_identifier->fields,
            (std::vector<std::string>{"country", "customerId"}));
  auto automatic = ParseMapping(R"({"entityType":"/Customer","vocabularyPrefix":"p",
      "origin":"o","primaryIdentifier":{"auto":true}})");
  ASSERT_TRUE(automatic.ok()) << automatic.status().message();
  EXPECT_TRUE(automatic->primary_identifier->auto_hash);
  EXPECT_TRUE(IsComplete(*automatic));
}

struct BadCase {
  const char* json;
  const char* names;  // a part of the message that names the bad part
};

class ParseMappingErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ParseMappingErrorTest, NamesTheBadPart) {
  auto m = ParseMapping(GetParam().json);
  ASSERT_FALSE(m.ok()) << GetParam().json;
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(m.status().message_id(), "invalid-mapping");
  EXPECT_TRUE(Contains(m.status().message(), GetParam().names));
}

#define BASE R"("entityType":"/Customer","vocabularyPrefix":"p","origin":"o")"

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseMappingErrorTest,
    ::testing::Values(
        BadCase{"{", "not valid JSON"}, BadCase{"[]", "must be a JSON object"},
        BadCase{R"({"vocabularyPrefix":"p","origin":"o"})", "mapping.entityType is required"},
        BadCase{R"({"entityType":"Customer","vocabularyPrefix":"p","origin":"o"})",
                "mapping.entityType must look like \"/Customer\""},
        BadCase{R"({"entityType":"/Customer/","vocabularyPrefix":"p","origin":"o"})",
                "mapping.entityType"},
        BadCase{R"({"entityType":"/1x","vocabularyPrefix":"p","origin":"o"})",
                "mapping.entityType"},
        BadCase{R"({"entityType":"/Customer","vocabularyPrefix":"","origin":"o"})",
                "mapping.vocabularyPrefix must be a non-empty string"},
        BadCase{R"({"entityType":"/Customer","vocabularyPrefix":"p","origin":7})",
                "mapping.origin must be a non-empty string"},
        BadCase{"{" BASE R"(,"primaryIdentifer":null})", "unknown member \"primaryIdentifer\""},
        BadCase{"{" BASE R"(,"primaryIdentifier":"id"})", "mapping.primaryIdentifier must be"},
        BadCase{"{" BASE R"(,"primaryIdentifier":{}})", "mapping.primaryIdentifier must have"},
        BadCase{"{" BASE R"(,"primaryIdentifier":{"fields":[]}})",
                "mapping.primaryIdentifier.fields must be a non-empty array"},
        BadCase{"{" BASE R"(,"primaryIdentifier":{"fields":["a",""]}})",
                "mapping.primaryIdentifier.fields[1] must be a non-empty string"},
        BadCase{"{" BASE R"(,"primaryIdentifier":{"fields":["a","a"]}})",
                "mapping.primaryIdentifier.fields[1] repeats"},
        BadCase{"{" BASE R"(,"primaryIdentifier":{"auto":false}})",
                "mapping.primaryIdentifier.auto must be true"},
        BadCase{"{" BASE R"(,"primaryIdentifier":{"auto":true,"fields":["a"]}})", "both"},
        BadCase{"{" BASE R"(,"primaryIdentifier":{"field":["a"]}})",
                "mapping.primaryIdentifier has an unknown member \"field\""},
        BadCase{"{" BASE R"(,"identifiers":{}})", "mapping.identifiers must be an array"},
        BadCase{"{" BASE R"(,"identifiers":[{"field":"a"},{"field":""}]})",
                "mapping.identifiers[1].field must be a non-empty string"},
        BadCase{"{" BASE R"(,"identifiers":[{"origin":"x"}]})",
                "mapping.identifiers[0].field is required"},
        BadCase{"{" BASE R"(,"identifiers":[{"field":"a","origin":""}]})",
                "mapping.identifiers[0].origin"},
        BadCase{"{" BASE R"(,"identifiers":[{"field":"a","kind":"x"}]})",
                "mapping.identifiers[0] has an unknown member \"kind\""},
        BadCase{"{" BASE R"(,"identifiers":["a"]})", "mapping.identifiers[0] must be"},
        BadCase{"{" BASE R"(,"nameField":""})", "mapping.nameField must be a field name or null"},
        BadCase{"{" BASE R"(,"descriptionField":3})", "mapping.descriptionField"},
        BadCase{"{" BASE R"(,"createdDateField":[]})", "mapping.createdDateField"},
        BadCase{"{" BASE R"(,"modifiedDateField":true})", "mapping.modifiedDateField"},
        BadCase{"{" BASE R"(,"properties":[{"field":"a"}]})",
                "mapping.properties[0].key is required"},
        BadCase{"{" BASE R"(,"properties":[{"field":"a","key":"k","ignore":true}]})", "both"},
        BadCase{"{" BASE R"(,"properties":[{"field":"a","ignore":false}]})",
                "mapping.properties[0].ignore must be true"},
        BadCase{"{" BASE R"(,"properties":[{"field":"a","key":"k"},{"field":"a","key":"l"}]})",
                "mapping.properties[1].field repeats \"a\""},
        BadCase{"{" BASE R"(,"properties":[{"key":"k"}]})", "mapping.properties[0].field"},
        BadCase{"{" BASE R"(,"edges":[{"field":"m","edgeType":"ManagedBy","entityType":"/E"}]})",
                "mapping.edges[0].edgeType must look like \"/ManagedBy\""},
        BadCase{"{" BASE R"(,"edges":[{"field":"m","edgeType":"/ManagedBy","entityType":"E"}]})",
                "mapping.edges[0].entityType must look like"},
        BadCase{"{" BASE R"(,"edges":[{"edgeType":"/M","entityType":"/E"}]})",
                "mapping.edges[0].field is required"},
        BadCase{"{" BASE R"(,"edges":[{"field":"m","edgeType":"/M","entityType":"/E","to":1}]})",
                "mapping.edges[0] has an unknown member \"to\""}));

TEST(IsEntityTypeTest, AcceptsSegmentsOnly) {
  EXPECT_TRUE(IsEntityType("/Customer"));
  EXPECT_TRUE(IsEntityType("/Infrastructure/User"));
  EXPECT_TRUE(IsEntityType("/Sales_Order2"));
  EXPECT_FALSE(IsEntityType(""));
  EXPECT_FALSE(IsEntityType("/"));
  EXPECT_FALSE(IsEntityType("Customer"));
  EXPECT_FALSE(IsEntityType("/Customer/"));
  EXPECT_FALSE(IsEntityType("//Customer"));
  EXPECT_FALSE(IsEntityType("/Cust omer"));
  EXPECT_FALSE(IsEntityType("/_Customer"));
}

}  // namespace
}  // namespace inlet::processing
