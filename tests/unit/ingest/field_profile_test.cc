// Field profiles: counts, empties, samples, distinct counting accuracy and the saved form;
// the bound on names and on samples (SPEC §8).
#include "inlet/ingest/field_profile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// --- bounds (SPEC §8) ---

std::string RecordWithNames(int first, int count, const std::string& value = "\"v\"") {
  std::string record = "{";
  for (int i = first; i < first + count; ++i) {
    record += (i > first ? ",\"" : "\"") + ("f" + std::to_string(100000 + i)) + "\":" + value;
  }
  return record + "}";
}

TEST(FieldProfileBoundTest, ThreeThousandNamesStayWithinTheBound) {
  FieldProfile profile;  // the default bound, 2,000
  profile.AddRecord(RecordWithNames(0, 3000));
  EXPECT_EQ(profile.fields().size(), FieldProfile::kDefaultMaxFields);
  EXPECT_TRUE(profile.overflowed());
  EXPECT_EQ(profile.other().count, 1000);
  EXPECT_EQ(profile.other().names.Estimate(), 1000);
  // The same names again: the profiled ones count under their names, the rest in other.
  profile.AddRecord(RecordWithNames(0, 3000, "null"));
  EXPECT_EQ(profile.fields().size(), FieldProfile::kDefaultMaxFields);
  EXPECT_EQ(profile.fields().begin()->second.count, 2);
  EXPECT_EQ(profile.other().count, 2000);
  EXPECT_EQ(profile.other().empty_count, 1000);
  EXPECT_EQ(profile.other().names.Estimate(), 1000);
}

TEST(FieldProfileBoundTest, MergeKeepsTheBoundAndCarriesOtherAlong) {
  FieldProfile live(3);
  live.AddRecord(RecordWithNames(0, 2));
  FieldProfile delta(3);
  delta.AddRecord(RecordWithNames(1, 4));  // f1 is known; f2 fits; f3, f4 do not
  EXPECT_EQ(delta.other().count, 1);       // f4 did not fit the delta either
  live.Merge(delta);
  EXPECT_EQ(live.fields().size(), 3u);
  EXPECT_EQ(live.fields().at("f100001").count, 2);
  EXPECT_EQ(live.other().count, 2);
  EXPECT_EQ(live.other().names.Estimate(), 2);
  EXPECT_FALSE(FieldProfile(3).overflowed());
}

TEST(FieldProfileBoundTest, ParseFoldsSavedNamesPastTheBoundAndKeepsOther) {
  FieldProfile wide(10);
  wide.AddRecord(RecordWithNames(0, 6));
  auto narrow = FieldProfile::Parse(wide.Serialize(), 4);
  ASSERT_TRUE(narrow.ok()) << narrow.status().message();
  EXPECT_EQ(narrow->fields().size(), 4u);
  EXPECT_EQ(narrow->other().count, 2);
  auto again = FieldProfile::Parse(narrow->Serialize(), 4);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->other().count, 2);
  EXPECT_EQ(again->other().names.Estimate(), 2);
}

TEST(FieldProfileBoundTest, AProfileSavedBeforeTheBoundStillParses) {
  FieldProfile old;
  old.AddRecord(R"({"x":"1"})");
  // The form saved before: the fields alone, without the other bucket after them.
  std::string bytes = old.Serialize();
  bytes.resize(bytes.size() - 8 - 8 - 8 - DistinctCounter().Serialize().size());
  auto parsed = FieldProfile::Parse(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->fields().at("x").count, 1);
  EXPECT_FALSE(parsed->overflowed());
  EXPECT_FALSE(FieldProfile::Parse(old.Serialize() + "x").ok());
}

// --- samples ---

size_t Characters(const std::string& utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xc0) != 0x80;
  return n;
}

TEST(CutSampleTest, ShortValuesStayAsTheyAre) {
  for (const std::string& value :
       std::vector<std::string>{"\"Oslo\"", "1.50", "[\"a\",\"b\"]", "true", "\"\"",
                                "\"" + std::string(200, 'x') + "\""}) {
    EXPECT_EQ(CutSample(value), value);
  }
}

TEST(CutSampleTest, LongValuesAreCutTo200CharactersOfValidJson) {
  const std::string ellipsis = "\xe2\x80\xa6";
  std::vector<std::string> values = {
      "\"" + std::string(1000, 'x') + "\"",
      "\"" + std::string(199, 'x') + "\\n\\u00e9tail" + std::string(50, 'y') + "\"",
      "\"" + std::string(198, 'x') + "\\ud83d\\ude00" + std::string(50, 'y') + "\"",
      "\"" + std::string(198, 'x') + "\xc3\xa9\xc3\xa9\xc3\xa9" + "\"",
      std::string(500, '9'),
      "[" + std::string(300, '1') + ",\"q\\\"uote\"]",
  };
  for (const std::string& value : values) {
    SCOPED_TRACE(value.substr(0, 40));
    std::string sample = CutSample(value);
    auto parsed = nlohmann::json::parse(sample, nullptr, false);
    ASSERT_TRUE(parsed.is_string()) << sample;
    std::string text = parsed.get<std::string>();
    EXPECT_LE(Characters(text), kMaxSampleCharacters);
    EXPECT_EQ(text.substr(text.size() - ellipsis.size()), ellipsis);
  }
  // Kept whole up to the cut: an escape or a surrogate pair is never split.
  EXPECT_EQ(nlohmann::json::parse(CutSample(values[1])).get<std::string>(),
            std::string(199, 'x') + ellipsis);
  EXPECT_EQ(nlohmann::json::parse(CutSample(values[2])).get<std::string>(),
            std::string(198, 'x') + "\xf0\x9f\x98\x80" + ellipsis);
  EXPECT_EQ(CutSample(values[4]), "\"" + std::string(199, '9') + ellipsis + "\"");
}

TEST(CutSampleTest, ProfileKeepsCutSamples) {
  FieldProfile profile;
  profile.Add("long", "\"" + std::string(5000, 'a') + "\"");
  profile.Add("long", "\"" + std::string(6000, 'a') + "\"");  // cut, the same sample
  ASSERT_EQ(profile.fields().at("long").samples.size(), 1u);
  EXPECT_LE(profile.fields().at("long").samples[0].size(), 210u);
  EXPECT_EQ(profile.fields().at("long").distinct.Estimate(), 2);  // counted whole
}

}  // namespace
}  // namespace inlet::ingest
