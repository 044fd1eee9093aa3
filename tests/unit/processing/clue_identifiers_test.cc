// The identifier rules of SPEC §4: primary (single, compound, auto, empty → hash, missing
// → failure), additional identifiers and exact number text.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "inlet/processing/clue.h"
#include "test_util.h"

namespace inlet::processing {
namespace {

using Codes = std::vector<std::string>;

bool IsHashCode(const std::string& code, const std::string& prefix) {
  static const std::regex kHash("hash-sha1:[0-9a-f]{40}");
  return code.rfind(prefix, 0) == 0 && std::regex_match(code.substr(prefix.size()), kHash);
}

TEST(PrimaryIdentifierTest, SingleField) {
  Clue clue = MustBuild(CustomerMapping(), R"({"customerId":"42","name":"Ann"})");
  EXPECT_EQ(clue.entity_type, "/Customer");
  EXPECT_EQ(clue.code, "/Customer#crm:42");
  EXPECT_EQ(clue.codes, Codes{"/Customer#crm:42"});
}

TEST(PrimaryIdentifierTest, CaseAndEscapesAreKept) {
  Clue clue = MustBuild(CustomerMapping(), R"({"customerId":"AbC \"q\" \u00e9\ud83d\ude00"})");
  EXPECT_EQ(clue.code, "/Customer#crm:AbC \"q\" \xC3\xA9\xF0\x9F\x98\x80");
}

TEST(PrimaryIdentifierTest, NumbersKeepTheirExactText) {
  EXPECT_EQ(MustBuild(CustomerMapping(), R"({"customerId":1.50})").code, "/Customer#crm:1.50");
  EXPECT_EQ(MustBuild(CustomerMapping(), R"({"customerId":123456789012345678901234567890})").code,
            "/Customer#crm:123456789012345678901234567890");
  EXPECT_EQ(MustBuild(CustomerMapping(), R"({"customerId":-1e3})").code, "/Customer#crm:-1e3");
  EXPECT_EQ(MustBuild(CustomerMapping(), R"({"customerId":true})").code, "/Customer#crm:true");
}

TEST(PrimaryIdentifierTest, CompoundJoinsInMappingOrder) {
  Mapping m = CustomerMapping();
  m.primary_identifier = PrimaryIdentifier{false, {"country", "customerId"}};
  Clue clue = MustBuild(m, R"({"customerId":42,"country":"DK"})");
  EXPECT_EQ(clue.code, "/Customer#crm:DK|42");
}

TEST(PrimaryIdentifierTest, MissingFieldFailsTheRecord) {
  auto clue = BuildClue(CustomerMapping(), R"({"id":42})");
  ASSERT_FALSE(clue.ok());
  EXPECT_EQ(clue.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(clue.status().message_id(), "primary-identifier-missing");
  EXPECT_TRUE(Contains(clue.status().message(), "\"customerId\""));

  Mapping m = CustomerMapping();
  m.primary_identifier = PrimaryIdentifier{false, {"country", "customerId"}};
  auto compound = BuildClue(m, R"({"customerId":42})");
  ASSERT_FALSE(compound.ok());
  EXPECT_EQ(compound.status().message_id(), "primary-identifier-missing");
  EXPECT_TRUE(Contains(compound.status().message(), "\"country\""));
}

TEST(PrimaryIdentifierTest, NullOrEmptyIsReplacedByTheRecordHash) {
  const std::string record = R"({"name":"Ann","customerId":null,"a":1})";
  Clue clue = MustBuild(CustomerMapping(), record);
  // SHA-1 of the canonical form {"a":1,"customerId":null,"name":"Ann"}.
  EXPECT_EQ(clue.code, "/Customer#crm:hash-sha1:2a45f36e85abca24a1579a66ab0d121bc895dd70");
  EXPECT_EQ(MustBuild(CustomerMapping(), record).code, clue.code);  // stable
  // Member order does not matter; content does.
  EXPECT_EQ(MustBuild(CustomerMapping(), R"({"a":1,"customerId":null,"name":"Ann"})").code,
            clue.code);
  Clue other = MustBuild(CustomerMapping(), R"({"name":"Bob","customerId":null,"a":1})");
  EXPECT_TRUE(IsHashCode(other.code, "/Customer#crm:"));
  EXPECT_NE(other.code, clue.code);
  Clue empty = MustBuild(CustomerMapping(), R"({"customerId":"","name":"Ann"})");
  EXPECT_TRUE(IsHashCode(empty.code, "/Customer#crm:")) << empty.code;
  Clue empty_array = MustBuild(CustomerMapping(), R"({"customerId":[],"name":"Ann"})");
  EXPECT_TRUE(IsHashCode(empty_array.code, "/Customer#crm:")) << empty_array.code;
}

TEST(PrimaryIdentifierTest, CompoundWithAnEmptyPartUsesTheHash) {
  Mapping m = CustomerMapping();
  m.primary_identifier = PrimaryIdentifier{false, {"country", "customerId"}};
  Clue clue = MustBuild(m, R"({"country":"","customerId":42})");
  EXPECT_TRUE(IsHashCode(clue.code, "/Customer#crm:")) << clue.code;
}

TEST(PrimaryIdentifierTest, AutoAlwaysUsesTheHash) {
  Mapping m = CustomerMapping();
  m.primary_identifier = PrimaryIdentifier{true, {}};
  const std::string record = R"({"name":"Ann","customerId":null,"a":1})";
  EXPECT_EQ(MustBuild(m, record).code, MustBuild(CustomerMapping(), record).code);
  Clue with_id = MustBuild(m, R"({"customerId":42})");
  EXPECT_EQ(with_id.code, "/Customer#crm:" + RecordHashIdentifier(R"({"customerId":42})"));
}

TEST(PrimaryIdentifierTest, ArrayGivesOneCodePerElement) {
  Clue clue = MustBuild(CustomerMapping(), R"({"customerId":[null,"7","",8]})");
  EXPECT_EQ(clue.code, "/Customer#crm:7");
  EXPECT_EQ(clue.codes, (Codes{"/Customer#crm:7", "/Customer#crm:8"}));
}

TEST(PrimaryIdentifierTest, IncompleteMappingIsAConflict) {
  Mapping m = CustomerMapping();
  m.primary_identifier.reset();
  auto clue = BuildClue(m, R"({"customerId":42})");
  ASSERT_FALSE(clue.ok());
  EXPECT_EQ(clue.status().code(), StatusCode::kConflict);
  EXPECT_EQ(clue.status().message_id(), "mapping-incomplete");
}

TEST(PrimaryIdentifierTest, NonObjectRecordIsInvalid) {
  auto clue = BuildClue(CustomerMapping(), "[1]");
  ASSERT_FALSE(clue.ok());
  EXPECT_EQ(clue.status().message_id(), "invalid-record");
}

TEST(AdditionalIdentifierTest, UseTheirOwnOrigin) {
  Mapping m = CustomerMapping();
  m.identifiers = {{"email", "email"}, {"vat", "crm"}};
  Clue clue = MustBuild(m, R"({"customerId":42,"email":"ann@example.com","vat":"DK1"})");
  EXPECT_EQ(clue.codes,
            (Codes{"/Customer#crm:42", "/Customer#email:ann@example.com", "/Customer#crm:DK1"}));
}

TEST(AdditionalIdentifierTest, EmptyOrMissingValuesAreSkippedNeverHashed) {
  Mapping m = CustomerMapping();
  m.identifiers = {{"email", "email"}, {"phone", "phone"}, {"vat", "vat"}};
  Clue clue = MustBuild(m, R"({"customerId":42,"email":"","phone":null})");
  EXPECT_EQ(clue.codes, Codes{"/Customer#crm:42"});
}

TEST(AdditionalIdentifierTest, ArraysExpandAndRepeatsCollapse) {
  Mapping m = CustomerMapping();
  m.identifiers = {{"emails", "email"}, {"customerId", "crm"}};
  Clue clue = MustBuild(m, R"({"customerId":42,"emails":["a@x","",null,"b@x","a@x",1.0]})");
  EXPECT_EQ(clue.codes, (Codes{"/Customer#crm:42", "/Customer#email:a@x", "/Customer#email:b@x",
                               "/Customer#email:1.0"}));
}

TEST(AdditionalIdentifierTest, NumbersKeepTheirExactText) {
  Mapping m = CustomerMapping();
  m.identifiers = {{"account", "bank"}};
  Clue clue = MustBuild(m, R"({"customerId":1,"account":000123456789012345678901234567})");
  EXPECT_EQ(clue.codes.back(), "/Customer#bank:000123456789012345678901234567");
}

}  // namespace
}  // namespace inlet::processing
