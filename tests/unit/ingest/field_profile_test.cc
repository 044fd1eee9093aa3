// Field profiles: counts, empties, samples, distinct counting accuracy and the saved form.
#include "inlet/ingest/field_profile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace inlet::ingest {
namespace {

TEST(DistinctCounterTest, CountsExactlyWhileSmall) {
  DistinctCounter counter;
  for (int i = 0; i < 500; ++i) counter.Add(std::to_string(i % 250));
  EXPECT_EQ(counter.Estimate(), 250);
  EXPECT_FALSE(counter.approximate());
}

// SPEC/issue: if distinct counts are approximate, 10,000 distinct values are counted
// within ±2%.
TEST(DistinctCounterTest, TenThousandDistinctValuesWithinTwoPercent) {
  for (const char* prefix : {"", "customer-", "\"", "a@example.com/"}) {
    DistinctCounter counter;
    for (int i = 0; i < 10000; ++i) {
      counter.Add(prefix + std::to_string(i));
      counter.Add(prefix + std::to_string(i));  // repeats do not count
    }
    EXPECT_TRUE(counter.approximate());
    EXPECT_LE(std::abs(counter.Estimate() - 10000), 200) << "prefix " << prefix;
  }
}

TEST(DistinctCounterTest, MergeEqualsCountingEverything) {
  DistinctCounter left, right, all;
  for (int i = 0; i < 6000; ++i) {
    (i % 2 ? left : right).Add(std::to_string(i));
    all.Add(std::to_string(i));
  }
  left.Merge(right);
  EXPECT_EQ(left.Estimate(), all.Estimate());
}

TEST(DistinctCounterTest, SerializedFormRoundTripsAndRejectsGarbage) {
  DistinctCounter small, large;
  for (int i = 0; i < 10; ++i) small.Add(std::to_string(i));
  for (int i = 0; i < 5000; ++i) large.Add(std::to_string(i));
  for (const auto* counter : {&small, &large}) {
    auto parsed = DistinctCounter::Parse(counter->Serialize());
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->Estimate(), counter->Estimate());
  }
  EXPECT_FALSE(DistinctCounter::Parse("").ok());
  EXPECT_FALSE(DistinctCounter::Parse("H123").ok());
  EXPECT_FALSE(DistinctCounter::Parse("E1234567").ok());
}

TEST(FieldProfileTest, CountsFieldsEmptiesAndSamplesFromStoredRecords) {
  FieldProfile profile;
  profile.AddRecord(R"({"name":"Ann","city":null,"tags":["a","b"],"n":1.50})");
  profile.AddRecord(R"({"name":"","city":"Oslo","n":1.50})");
  profile.AddRecord(R"({"name":"Bob","city":"Oslo"})");
  const auto& fields = profile.fields();
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields.at("name").count, 3);
  EXPECT_EQ(fields.at("name").empty_count, 1);
  EXPECT_EQ(fields.at("name").distinct.Estimate(), 2);
  EXPECT_EQ(fields.at("city").empty_count, 1);
  EXPECT_EQ(fields.at("city").samples, std::vector<std::string>{"\"Oslo\""});
  EXPECT_EQ(fields.at("n").samples, std::vector<std::string>{"1.50"});  // exact text
  EXPECT_EQ(fields.at("tags").samples, std::vector<std::string>{"[\"a\",\"b\"]"});
}

TEST(FieldProfileTest, IgnoresWhatIsNotAStoredRecord) {
  FieldProfile profile;
  profile.AddRecord("");
  profile.AddRecord("[1,2]");
  profile.AddRecord("{\"a\":");
  profile.AddRecord("{\"a\":\"unterminated");
  EXPECT_TRUE(profile.empty());
}

TEST(FieldProfileTest, MergeAndSerializedFormRoundTrip) {
  FieldProfile a, b;
  a.AddRecord(R"({"x":"1","y":null})");
  b.AddRecord(R"({"x":"2","z":true})");
  a.Merge(b);
  auto parsed = FieldProfile::Parse(a.Serialize());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->fields().at("x").count, 2);
  EXPECT_EQ(parsed->fields().at("x").distinct.Estimate(), 2);
  EXPECT_EQ(parsed->fields().at("y").empty_count, 1);
  EXPECT_EQ(parsed->fields().at("z").samples, std::vector<std::string>{"true"});
  EXPECT_FALSE(FieldProfile::Parse("garbage").ok());
}

}  // namespace
}  // namespace inlet::ingest
