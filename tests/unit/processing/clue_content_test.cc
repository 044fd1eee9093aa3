// Properties, name and description, dates and edges of a clue.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "inlet/processing/clue.h"
#include "test_util.h"

namespace inlet::processing {
namespace {

TEST(CluePropertiesTest, DefaultCustomAndIgnoredKeys) {
  Mapping m = CustomerMapping();
  m.properties = {{"city", "customer.city", false}, {"internalNote", "", true}};
  Clue clue = MustBuild(
      m,
      R"({"customerId":42,"city":"Aarhus","internalNote":"secret","score":1.50,)"
      R"("tags":["a","b"],"address":{"zip":"8000"},"vip":false,"big":123456789012345678901234567890})");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.customerId"), "42");
  EXPECT_EQ(PropertyValue(clue, "customer.city"), "Aarhus");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.city"), "<absent>");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.internalNote"), "<absent>");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.score"), "1.50");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.tags"), R"(["a","b"])");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.address"), R"({"zip":"8000"})");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.vip"), "false");
  EXPECT_EQ(PropertyValue(clue, "crm.customer.big"), "123456789012345678901234567890");
  for (const auto& p : clue.properties) {
    EXPECT_EQ(p.value.find("secret"), std::string::npos) << "ignored field leaked under " << p.key;
  }
}

TEST(CluePropertiesTest, EmptyValuesAreLeftOutAndKeysSorted) {
  Clue clue =
      MustBuild(CustomerMapping(), R"({"customerId":42,"zip":null,"city":"","b":"x","a":"\tq"})");
  std::vector<std::string> keys;
  for (const auto& p : clue.properties) keys.push_back(p.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"crm.customer.a", "crm.customer.b",
                                            "crm.customer.customerId"}));
  EXPECT_EQ(PropertyValue(clue, "crm.customer.a"), "\tq");  // escapes decoded
}

TEST(CluePropertiesTest, SharedKeyFirstInRecordOrderWins) {
  Mapping m = CustomerMapping();
  m.properties = {{"mail", "customer.email", false}, {"email", "customer.email", false}};
  Clue clue = MustBuild(m, R"({"customerId":1,"email":"e@x","mail":"m@x"})");
  EXPECT_EQ(PropertyValue(clue, "customer.email"), "e@x");
  Clue only_mail = MustBuild(m, R"({"customerId":1,"email":null,"mail":"m@x"})");
  EXPECT_EQ(PropertyValue(only_mail, "customer.email"), "m@x");
}

TEST(ClueNameTest, NameAndDescriptionFromTheirFields) {
  Mapping m = CustomerMapping();
  m.name_field = "name";
  m.description_field = "notes";
  Clue clue = MustBuild(m, R"({"customerId":1,"name":"Ann \u00c5","notes":7})");
  EXPECT_EQ(clue.name, "Ann \xC3\x85");
  EXPECT_EQ(clue.description, "7");
  EXPECT_EQ(MustBuild(m, R"({"customerId":1,"name":null})").name, "");
  EXPECT_EQ(MustBuild(m, R"({"customerId":1})").description, "");
  EXPECT_EQ(MustBuild(CustomerMapping(), R"({"customerId":1,"name":"Ann"})").name, "");
}

TEST(ClueDateTest, CreatedAndModifiedCarryTextAndInstant) {
  Mapping m = CustomerMapping();
  m.created_date_field = "created";
  m.modified_date_field = "modified";
  Clue clue = MustBuild(m, R"({"customerId":1,"created":"2024-05-01","modified":1714557600000})");
  ASSERT_TRUE(clue.created);
  EXPECT_EQ(clue.created->text, "2024-05-01");
  EXPECT_EQ(clue.created->epoch_ms, 1714521600000);
  EXPECT_FALSE(clue.created->unparseable());
  ASSERT_TRUE(clue.modified);
  EXPECT_EQ(clue.modified->epoch_ms, 1714557600000);

  Clue bad = MustBuild(m, R"({"customerId":1,"created":"yesterday","modified":""})");
  ASSERT_TRUE(bad.created);
  EXPECT_EQ(bad.created->text, "yesterday");
  EXPECT_TRUE(bad.created->unparseable());
  EXPECT_FALSE(bad.modified);  // empty: as if missing
  EXPECT_FALSE(MustBuild(m, R"({"customerId":1})").created);
}

TEST(ParseDateMillisTest, Iso8601Variants) {
  EXPECT_EQ(ParseDateMillis("1970-01-01"), 0);
  EXPECT_EQ(ParseDateMillis("2024-05-01"), 1714521600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01T10:00:00Z"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01T10:00:00"), 1714557600000);  // no zone: UTC
  EXPECT_EQ(ParseDateMillis("2024-05-01 10:00"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01t10:00:00z"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01T12:00:00+02:00"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01T12:00:00+0200"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01T12:00:00+02"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01T05:30:00-04:30"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("2024-05-01T10:00:00.123Z"), 1714557600123);
  EXPECT_EQ(ParseDateMillis("2024-05-01T10:00:00.5Z"), 1714557600500);
  EXPECT_EQ(ParseDateMillis("2024-05-01T10:00:00.123456789Z"), 1714557600123);
  EXPECT_EQ(ParseDateMillis("2024-02-29"), 1709164800000);  // leap day
  EXPECT_EQ(ParseDateMillis("1969-12-31T23:59:59Z"), -1000);
}

TEST(ParseDateMillisTest, EpochMilliseconds) {
  EXPECT_EQ(ParseDateMillis("1714557600000"), 1714557600000);
  EXPECT_EQ(ParseDateMillis("0"), 0);
  EXPECT_EQ(ParseDateMillis("-1000"), -1000);
}

TEST(ParseDateMillisTest, UnparseableIsNullopt) {
  for (const char* text :
       {"", "yesterday", "2024-13-01", "2023-02-29", "2024-04-31", "2024-05-01T24:00:00Z",
        "2024-05-01T10:60", "2024-05-01T10:00:00.Z", "2024-05-01T10", "2024-05-01X",
        "2024-05-01T10:00:00+25:00", "2024-05-01T10:00:00Zjunk", "1714557600000.5", "1e12",
        "99999999999999999999", "01/05/2024"}) {
    EXPECT_EQ(ParseDateMillis(text), std::nullopt) << text;
  }
}

TEST(ClueEdgeTest, OnePerNonEmptyValue) {
  Mapping m = CustomerMapping();
  m.edges = {{"accountManager", "/ManagedBy", "/Employee", "hr"},
             {"partners", "/PartnerOf", "/Organization", "crm"},
             {"missing", "/Has", "/Thing", "crm"}};
  Clue clue =
      MustBuild(m, R"({"customerId":1,"accountManager":7,"partners":["p1","",null,"p2","p1"]})");
  EXPECT_EQ(clue.edges, (std::vector<ClueEdge>{{"/ManagedBy", "/Employee#hr:7"},
                                               {"/PartnerOf", "/Organization#crm:p1"},
                                               {"/PartnerOf", "/Organization#crm:p2"}}));
  EXPECT_TRUE(MustBuild(m, R"({"customerId":1,"accountManager":"","partners":[]})").edges.empty());
}

}  // namespace
}  // namespace inlet::processing
