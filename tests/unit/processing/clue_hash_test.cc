// The clue hash (SPEC §5: "unchanged" detection), the record's canonical form and the
// clue's JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "inlet/processing/clue.h"
#include "processing/sha1.h"
#include "test_util.h"

namespace inlet::processing {
namespace {

const char* kRecord = R"({"customerId":42,"name":"Ann","city":"Aarhus"})";

TEST(ClueHashTest, StableForAnUnchangedRecordAndMapping) {
  Clue a = MustBuild(CustomerMapping(), kRecord);
  Clue b = MustBuild(CustomerMapping(), kRecord);
  EXPECT_TRUE(std::regex_match(a.hash, std::regex("[0-9a-f]{64}"))) << a.hash;
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_EQ(a.hash, ClueHash(CustomerMapping(), a));
}

TEST(ClueHashTest, ChangesWithTheMapping) {
  Clue base = MustBuild(CustomerMapping(), kRecord);
  Mapping named = CustomerMapping();
  named.name_field = "name";
  EXPECT_NE(MustBuild(named, kRecord).hash, base.hash);
  Mapping ignoring = CustomerMapping();
  ignoring.properties = {{"nothere", "", true}};  // no effect on content, still a new mapping
  EXPECT_NE(MustBuild(ignoring, kRecord).hash, base.hash);
}

TEST(ClueHashTest, ChangesWithThePrimaryIdentifierValueAndContent) {
  Clue base = MustBuild(CustomerMapping(), kRecord);
  EXPECT_NE(MustBuild(CustomerMapping(), R"({"customerId":43,"name":"Ann","city":"Aarhus"})").hash,
            base.hash);
  EXPECT_NE(MustBuild(CustomerMapping(), R"({"customerId":42,"name":"Ann","city":"Odense"})").hash,
            base.hash);
  // Same content in another member order is the same clue.
  EXPECT_EQ(MustBuild(CustomerMapping(), R"({"city":"Aarhus","name":"Ann","customerId":42})").hash,
            base.hash);
}

TEST(CanonicalRecordTest, SortsMembersAndKeepsValueText) {
  EXPECT_EQ(CanonicalRecord(R"({"b":1.50,"a":[1,{"y":2,"x":1}],"c":null})"),
            R"({"a":[1,{"y":2,"x":1}],"b":1.50,"c":null})");
  EXPECT_EQ(CanonicalRecord("{}"), "{}");
  EXPECT_EQ(RecordHashIdentifier("{}"), "hash-sha1:" + Sha1Hex("{}"));
}

TEST(Sha1HexTest, KnownVectors) {
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(ClueToJsonTest, FixedShape) {
  Mapping m = CustomerMapping();
  m.name_field = "name";
  m.modified_date_field = "modified";
  m.edges = {{"manager", "/ManagedBy", "/Employee", "hr"}};
  Clue clue = MustBuild(m, R"({"customerId":42,"name":"Ann","modified":"soon","manager":7})");
  auto json = nlohmann::json::parse(ClueToJson(clue));
  EXPECT_EQ(json["code"], "/Customer#crm:42");
  EXPECT_EQ(json["codes"], nlohmann::json::parse(R"(["/Customer#crm:42"])"));
  EXPECT_EQ(json["name"], "Ann");
  EXPECT_TRUE(json["createdDate"].is_null());
  EXPECT_EQ(json["modifiedDate"], nlohmann::json::parse(R"({"text":"soon","epochMs":null})"));
  EXPECT_EQ(json["properties"]["crm.customer.manager"], "7");
  EXPECT_EQ(json["edges"],
            nlohmann::json::parse(R"([{"edgeType":"/ManagedBy","to":"/Employee#hr:7"}])"));
  EXPECT_EQ(json["hash"], clue.hash);
  EXPECT_FALSE(nlohmann::json::parse(ClueToJson(clue, false)).contains("hash"));
}

}  // namespace
}  // namespace inlet::processing
