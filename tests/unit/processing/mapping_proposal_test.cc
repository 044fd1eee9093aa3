// ProposeMapping: what it proposes from a field profile, and that every reason names the
// field and the numbers that decided.
#include "inlet/processing/mapping_proposal.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace inlet::processing {
namespace {

Mapping Initial() {
  Mapping m;
  m.entity_type = "/Customer";
  m.vocabulary_prefix = "crm.customer";
  m.origin = "crm";
  return m;
}

// A field in `count` records, `empty` of them empty, with `distinct` values.
FieldSummary Field(std::string name, int64_t count, int64_t empty, int64_t distinct,
                   std::vector<std::string> samples = {"\"x\""}) {
  FieldSummary f;
  f.name = std::move(name);
  f.count = count;
  f.empty_count = empty;
  f.distinct_count = distinct;
  f.samples = std::move(samples);
  return f;
}

std::string Why(const MappingProposal& p, const std::string& part) {
  for (const auto& r : p.reasons) {
    if (r.part == part) return r.why;
  }
  return "<no reason for " + part + ">";
}

std::vector<std::string> Key(std::string field) { return {std::move(field)}; }

TEST(MappingProposal, CustomerRecordsGetIdEmailNameAndDates) {
  std::vector<FieldSummary> fields = {
      Field("city", 4, 1, 2, {"\"Oslo\"", "\"Bergen\""}),
      Field("created_at", 4, 0, 4, {"\"2024-01-01T10:00:00Z\""}),
      Field("customerId", 4, 0, 4, {"1", "2", "3", "4"}),
      Field("email", 4, 1, 3, {"\"ada@example.com\"", "\"bob@example.org\""}),
      Field("fullName", 4, 0, 4, {"\"Ada\""}),
      Field("lastModified", 4, 0, 4, {"\"2024-05-01\""}),
      Field("modifiedBy", 4, 0, 1, {"\"admin\""}),
      Field("notes", 4, 2, 2, {"\"vip\""}),
  };
  Mapping current = Initial();
  current.properties = {{"notes", "", true}};
  current.edges = {{"manager", "/ManagedBy", "/Employee", "hr"}};
  MappingProposal p = ProposeMapping(current, fields, 4);
  const Mapping& m = p.mapping;
  EXPECT_EQ(m.entity_type, "/Customer");
  EXPECT_EQ(m.vocabulary_prefix, "crm.customer");
  EXPECT_EQ(m.origin, "crm");
  ASSERT_TRUE(m.primary_identifier);
  EXPECT_FALSE(m.primary_identifier->auto_hash);
  EXPECT_EQ(m.primary_identifier->fields, Key("customerId"));
  ASSERT_EQ(m.identifiers.size(), 1u);
  EXPECT_EQ(m.identifiers[0], (IdentifierMapping{"email", "email"}));
  EXPECT_EQ(m.name_field, "fullName");
  EXPECT_EQ(m.description_field, std::nullopt);
  EXPECT_EQ(m.created_date_field, "created_at");
  EXPECT_EQ(m.modified_date_field, "lastModified");
  EXPECT_EQ(m.properties, current.properties);
  EXPECT_EQ(m.edges, current.edges);
  EXPECT_TRUE(IsComplete(m));

  std::string primary = Why(p, "primaryIdentifier");
  EXPECT_TRUE(Contains(primary, "\"customerId\""));
  EXPECT_TRUE(Contains(primary, "matching the entity type /Customer"));
  EXPECT_TRUE(Contains(primary, "in all 4 records, never empty"));
  EXPECT_TRUE(Contains(primary, "4 distinct values"));
  std::string email = Why(p, "identifiers[0]");
  EXPECT_TRUE(Contains(email, "\"email\""));
  EXPECT_TRUE(Contains(email, "2 of 2 samples look like email addresses"));
  EXPECT_TRUE(Contains(email, "empty in 1 of them"));
  EXPECT_TRUE(Contains(email, "origin \"email\""));
  EXPECT_TRUE(Contains(Why(p, "nameField"), "\"fullName\""));
  EXPECT_TRUE(Contains(Why(p, "createdDateField"), "1 of 1 samples read as dates"));
  EXPECT_TRUE(Contains(Why(p, "modifiedDateField"), "\"lastModified\""));
  EXPECT_TRUE(Contains(Why(p, "descriptionField"), "stays null"));
  // The proposal is a valid mapping document.
  auto reparsed = ParseMapping(MappingToJson(m));
  ASSERT_TRUE(reparsed.ok()) << reparsed.status().message();
  EXPECT_EQ(*reparsed, m);
}

TEST(MappingProposal, IdLikeNamesAreRecognisedInEverySpelling) {
  for (const char* name : {"id", "_id", "ID", "externalId", "account_id", "CustomerID", "code",
                           "key", "orderNumber", "item-no", "uuid"}) {
    MappingProposal p = ProposeMapping(Initial(), {Field(name, 3, 0, 3)}, 3);
    ASSERT_TRUE(p.mapping.primary_identifier) << name;
    EXPECT_EQ(p.mapping.primary_identifier->fields, Key(name));
    EXPECT_TRUE(Contains(Why(p, "primaryIdentifier"), "id-like name")) << name;
  }
  // Ends like a key, identifies nothing: only the fallback may take it.
  MappingProposal phone = ProposeMapping(Initial(), {Field("phoneNumber", 3, 0, 3)}, 3);
  EXPECT_TRUE(Contains(Why(phone, "primaryIdentifier"), "no field has an id-like name"));
}

TEST(MappingProposal, PrefersTheEntitysIdThenIdThenOtherIds) {
  std::vector<FieldSummary> fields = {Field("code", 5, 0, 5), Field("externalId", 5, 0, 5),
                                      Field("id", 5, 0, 5), Field("customer_id", 5, 0, 5)};
  EXPECT_EQ(ProposeMapping(Initial(), fields, 5).mapping.primary_identifier->fields,
            Key("customer_id"));
  fields.pop_back();
  EXPECT_EQ(ProposeMapping(Initial(), fields, 5).mapping.primary_identifier->fields, Key("id"));
  fields.pop_back();
  EXPECT_EQ(ProposeMapping(Initial(), fields, 5).mapping.primary_identifier->fields,
            Key("externalId"));
}

TEST(MappingProposal, AnIdThatIsMissingEmptyOrRepeatedIsPassedOverWithItsNumbers) {
  std::vector<FieldSummary> fields = {Field("id", 9, 0, 9), Field("customerId", 10, 2, 8),
                                      Field("code", 10, 0, 7), Field("externalId", 10, 0, 10)};
  MappingProposal p = ProposeMapping(Initial(), fields, 10);
  EXPECT_EQ(p.mapping.primary_identifier->fields, Key("externalId"));
  std::string why = Why(p, "primaryIdentifier");
  EXPECT_TRUE(Contains(why, "\"customerId\" (empty in 2 of 10 records)"));
  EXPECT_TRUE(Contains(why, "\"id\" (in 9 of 10 records)"));
  EXPECT_FALSE(Contains(why, "\"code\"")) << "ranked after the chosen field";

  // Arrays would key a record by several values.
  MappingProposal arrays = ProposeMapping(Initial(), {Field("id", 2, 0, 2, {"[1,2]", "[3]"})}, 2);
  EXPECT_TRUE(arrays.mapping.primary_identifier->auto_hash);
  EXPECT_TRUE(Contains(Why(arrays, "primaryIdentifier"), "\"id\" (holds arrays or objects)"));
}

TEST(MappingProposal, RecordsWithoutTheFieldCountEvenWhenNoFieldIsInAll) {
  // Two records with disjoint fields: neither is in every record.
  MappingProposal p = ProposeMapping(Initial(), {Field("id", 1, 0, 1), Field("other", 1, 0, 1)}, 2);
  EXPECT_TRUE(p.mapping.primary_identifier->auto_hash);
  EXPECT_TRUE(Contains(Why(p, "primaryIdentifier"), "\"id\" (in 1 of 2 records)"));
  // The record count is at least the largest field count.
  MappingProposal low = ProposeMapping(Initial(), {Field("id", 3, 0, 3)}, 0);
  EXPECT_EQ(low.mapping.primary_identifier->fields, Key("id"));
}

TEST(MappingProposal, WithoutAnIdAUniqueFieldIsProposedAndNamed) {
  std::vector<FieldSummary> fields = {
      Field("city", 3, 0, 2), Field("joined", 3, 0, 3, {"\"2024-01-01\"", "\"2024-02-01\""}),
      Field("mail", 3, 0, 3, {"\"a@x.io\""}), Field("sku", 3, 0, 3)};
  MappingProposal p = ProposeMapping(Initial(), fields, 3);
  // The email-like field first (a natural key), never the date.
  EXPECT_EQ(p.mapping.primary_identifier->fields, Key("mail"));
  std::string why = Why(p, "primaryIdentifier");
  EXPECT_TRUE(Contains(why, "no field has an id-like name"));
  EXPECT_TRUE(Contains(why, "\"mail\" is in all 3 records, never empty, with 3 distinct values"));
  EXPECT_TRUE(Contains(why, "check that it really identifies one /Customer"));

  fields.erase(fields.begin() + 2);
  EXPECT_EQ(ProposeMapping(Initial(), fields, 3).mapping.primary_identifier->fields, Key("sku"));
}

TEST(MappingProposal, WithNoUsableFieldRecordsAreKeyedByTheirContent) {
  MappingProposal p = ProposeMapping(
      Initial(), {Field("city", 4, 0, 2), Field("id", 4, 1, 3), Field("created", 4, 0, 4)}, 4);
  ASSERT_TRUE(p.mapping.primary_identifier);
  EXPECT_TRUE(p.mapping.primary_identifier->auto_hash);
  std::string why = Why(p, "primaryIdentifier");
  EXPECT_TRUE(Contains(why, "\"id\" (empty in 1 of 4 records)"));
  EXPECT_TRUE(Contains(why, "{\"auto\": true}"));
  EXPECT_TRUE(Contains(why, "of the 3 seen"));
}

TEST(MappingProposal, ApproximateCountsAreUniqueWithinTheirError) {
  FieldSummary id = Field("id", 100000, 0, 99300);
  id.distinct_approximate = true;
  MappingProposal p = ProposeMapping(Initial(), {id}, 100000);
  EXPECT_EQ(p.mapping.primary_identifier->fields, Key("id"));
  EXPECT_TRUE(Contains(Why(p, "primaryIdentifier"), "about 99300 distinct values (estimated)"));
  id.distinct_count = 90000;
  EXPECT_TRUE(ProposeMapping(Initial(), {id}, 100000).mapping.primary_identifier->auto_hash);
}

TEST(MappingProposal, EmailsByNameOrBySamples) {
  std::vector<FieldSummary> fields = {
      Field("contact", 5, 0, 5, {"\"a@b.com\"", "\"c@d.org\""}),
      Field("emailAddresses", 5, 0, 5, {"[\"a@b.com\",\"e@f.net\"]"}),
      Field("mailOptIn", 5, 0, 2, {"true", "false"}),
      Field("mailingCity", 5, 0, 2, {"\"Oslo\""}),
      Field("workEmail", 5, 3, 2, {}),
      Field("website", 5, 0, 5, {"\"https://x.com\""}),
  };
  MappingProposal p = ProposeMapping(Initial(), fields, 5);
  ASSERT_EQ(p.mapping.identifiers.size(), 3u);
  EXPECT_EQ(p.mapping.identifiers[0], (IdentifierMapping{"contact", "email"}));
  EXPECT_EQ(p.mapping.identifiers[1], (IdentifierMapping{"emailAddresses", "email"}));
  EXPECT_EQ(p.mapping.identifiers[2], (IdentifierMapping{"workEmail", "email"}));
  EXPECT_TRUE(Contains(Why(p, "identifiers[1]"), "2 of 2 samples look like email addresses"));
  EXPECT_TRUE(Contains(Why(p, "identifiers[2]"), "its name says email"));
  EXPECT_TRUE(Contains(Why(p, "identifiers[2]"), "empty in 3 of them"));

  MappingProposal none = ProposeMapping(Initial(), {Field("city", 1, 0, 1)}, 1);
  EXPECT_TRUE(none.mapping.identifiers.empty());
  EXPECT_TRUE(Contains(Why(none, "identifiers"), "none of the 1 fields"));
}

TEST(MappingProposal, NameFieldPrefersNameThenFullOrEntityName) {
  auto name_of = [](std::vector<FieldSummary> fields) {
    return ProposeMapping(Initial(), fields, 3).mapping.name_field.value_or("<null>");
  };
  EXPECT_EQ(name_of({Field("companyName", 3, 0, 3), Field("name", 3, 0, 3)}), "name");
  EXPECT_EQ(name_of({Field("companyName", 3, 0, 3), Field("customerName", 3, 0, 3)}),
            "customerName");
  EXPECT_EQ(name_of({Field("title", 3, 0, 3)}), "title");
  EXPECT_EQ(name_of({Field("firstName", 3, 0, 3), Field("userName", 3, 0, 3)}), "<null>");
  // Among equals, the one filled in more records.
  EXPECT_EQ(name_of({Field("companyName", 3, 2, 1), Field("orgName", 3, 0, 3)}), "orgName");
  EXPECT_EQ(name_of({Field("name", 3, 3, 0, {})}), "<null>") << "never filled in";
  MappingProposal p = ProposeMapping(Initial(), {Field("firstName", 3, 0, 3)}, 3);
  EXPECT_TRUE(Contains(Why(p, "nameField"), "no field has a name-like name"));
}

TEST(MappingProposal, DatesNeedADateNameAndReadableSamples) {
  std::vector<FieldSummary> fields = {
      Field("createdBy", 2, 0, 2, {"\"ada\""}),
      Field("dateCreated", 2, 0, 2, {"1714557600000"}),
      Field("updated", 2, 0, 2, {"true", "false"}),
      Field("updatedAt", 2, 1, 1, {"\"2024-05-01 10:00\""}),
  };
  MappingProposal p = ProposeMapping(Initial(), fields, 2);
  EXPECT_EQ(p.mapping.created_date_field, "dateCreated");
  EXPECT_EQ(p.mapping.modified_date_field, "updatedAt");
  EXPECT_TRUE(Contains(Why(p, "modifiedDateField"), "in all 2 records, empty in 1 of them"));

  fields.pop_back();
  MappingProposal unreadable = ProposeMapping(Initial(), fields, 2);
  EXPECT_EQ(unreadable.mapping.modified_date_field, std::nullopt);
  EXPECT_TRUE(Contains(Why(unreadable, "modifiedDateField"),
                       "\"updated\" (none of its 2 samples reads as a date)"));
}

TEST(MappingProposal, NoFieldsGiveAnAutoKeyAndAReasonForEveryPart) {
  MappingProposal p = ProposeMapping(Initial(), {}, 0);
  EXPECT_TRUE(p.mapping.primary_identifier->auto_hash);
  std::vector<std::string> parts;
  for (const auto& r : p.reasons) {
    parts.push_back(r.part);
    EXPECT_FALSE(r.why.empty()) << r.part;
  }
  EXPECT_EQ(parts, (std::vector<std::string>{"primaryIdentifier", "identifiers", "nameField",
                                             "descriptionField", "createdDateField",
                                             "modifiedDateField"}));
}

TEST(MappingProposal, ToJsonSplicesTheMappingDocument) {
  MappingProposal p = ProposeMapping(Initial(), {Field("id", 1, 0, 1, {"7"})}, 1);
  std::string json = ProposalToJson(p);
  EXPECT_TRUE(Contains(json, "{\"mapping\":" + MappingToJson(p.mapping) + ",\"reasons\":["));
  auto parsed = nlohmann::json::parse(json);
  ASSERT_EQ(parsed["reasons"].size(), p.reasons.size());
  EXPECT_EQ(parsed["reasons"][0]["part"], "primaryIdentifier");
  EXPECT_EQ(parsed["reasons"][0]["why"], p.reasons[0].why);
}

}  // namespace
}  // namespace inlet::processing
