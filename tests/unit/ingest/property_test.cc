// Seeded property tests over generated records: whatever goes in, what is stored is valid
// JSON with valid names, storing it again changes nothing and warns about nothing, and a
// clean record comes back byte for byte.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>

#include "ingest/name_repair.h"
#include "test_util.h"

namespace inlet::ingest {
namespace {

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  // A member name with any mix of what senders put in them, JSON-encoded with quotes.
  // Pieces no rule can repair (non-Latin letters, '€', ill-formed UTF-8) are rarer, so
  // that most records are stored and their repairs are checked too.
  std::string DirtyName() {
    static const char* const kPieces[] = {
        "a",       "Name", "x",        "Z",       "_",       "7",    "id",   "Id", " ", ".",
        "-",       "@",    "/",        "#",       "(",       "~",    "é",    "ß",  "Ø", "\\u0001",
        "\\u00e9", "\\t",  "\xC3\xA9", "\\uD800", "\\u00a0", "\\\"", "\\\\", "ĳ",  "Ａ"};
    static const char* const kBad[] = {"Ж", "中", "ع", "€", "\xE9", "\\uFFFD"};
    std::string name = "\"";
    const int parts = 1 + Pick(5);
    for (int i = 0; i < parts; ++i) {
      name += Chance(2) ? kBad[Pick(std::size(kBad))] : kPieces[Pick(std::size(kPieces))];
    }
    return name + "\"";
  }

  std::string Number() {
    static const char* const kNumbers[] = {"0",
                                           "-0",
                                           "1.50",
                                           "42",
                                           "-7",
                                           "3.14159",
                                           "123456789012345678901234567890",
                                           "1e5",
                                           "-2.5E-3",
                                           "0.000001",
                                           "1E+300",
                                           "9007199254740993"};
    return kNumbers[Pick(std::size(kNumbers))];
  }

  std::string DirtyString() {
    static const char* const kPieces[] = {
        "plain",    " ",       "caf\xC3\xA9",  "\xE9",         "\xFF", "\xED\xA0\x80",
        "\xC0\xAF", "\\u0000", "\\u0007",      "\\b",          "\\f",  "\\n",
        "\\r",      "\\t",     "\\\"",         "\\\\",         "\\/",  "\\uD834\\uDD1E",
        "\\uDC00",  "\\uFFFE", "\xEF\xBF\xBF", "\xE2\x80\xA8", "\x7F", "\xF0\x9F\x98\x80",
        "<&>"};
    std::string text = "\"";
    const int parts = Pick(5);
    for (int i = 0; i < parts; ++i) text += kPieces[Pick(std::size(kPieces))];
    return text + "\"";
  }

  std::string Scalar() {
    switch (Pick(5)) {
      case 0:
        return Number();
      case 1:
        return Chance(50) ? "true" : "false";
      case 2:
        return "null";
      default:
        return DirtyString();
    }
  }

  std::string Value(int depth) {
    const int kind = depth >= 4 ? 0 : Pick(10);
    if (kind <= 5) return Scalar();
    if (kind <= 7) return Object(depth + 1, Pick(4));
    std::string array = "[";
    const int n = Pick(4);
    const bool of_objects = Chance(40);
    for (int i = 0; i < n; ++i) {
      if (i > 0) array += ",";
      array += of_objects ? Value(depth + 1) : Scalar();
    }
    return array + "]";
  }

  std::string Object(int depth, int members) {
    std::string object = "{";
    for (int i = 0; i < members; ++i) {
      if (i > 0) object += Chance(20) ? " , " : ",";
      object += DirtyName() + (Chance(20) ? " : " : ":") + Value(depth);
    }
    return object + "}";
  }

  // A record that needs no repair, written in canonical form.
  std::string CleanRecord() {
    static const char* const kFirst[] = {"a", "B", "_", "é", "Ø", "z", "Name", "ĳ"};
    static const char* const kRest[] = {"a", "b", "1", "_", "ß", "Q", "x9"};
    static const char* const kStrings[] = {"\"\"",
                                           "\"x\"",
                                           "\"caf\xC3\xA9 \xE2\x98\x95\"",
                                           "\"q\\\"b\\\\\"",
                                           "\"line\\nnext\\ttab\\r\"",
                                           "\"\xF0\x9F\x98\x80\"",
                                           "\"\x7F <&> /\""};
    std::set<std::string> names;
    std::string record = "{";
    const int members = 1 + Pick(12);
    for (int i = 0; i < members; ++i) {
      std::string name = kFirst[Pick(std::size(kFirst))];
      for (int k = Pick(6); k > 0; --k) name += kRest[Pick(std::size(kRest))];
      if (IsIdName(name) || !names.insert(name).second) continue;
      if (record.size() > 1) record += ",";
      record += "\"" + name + "\":";
      switch (Pick(4)) {
        case 0:
          record += Number();
          break;
        case 1:
          record += kStrings[Pick(std::size(kStrings))];
          break;
        case 2:
          record += Chance(50) ? "[1,\"a\",null,true]" : "[]";
          break;
        default:
          record += Chance(50) ? "null" : "false";
      }
    }
    return record + "}";
  }

 private:
  std::mt19937 rng_;
};

// Every key of a stored record is a valid name.
void ExpectValidNames(const nlohmann::json& record, const std::string& text) {
  for (const auto& [key, value] : record.items()) {
    std::string repaired;
    const SegmentRepair repair = RepairSegment(key, repaired);
    EXPECT_EQ(repair.flags, 0) << key << " in " << text;
    EXPECT_TRUE(repair.valid_chars) << key << " in " << text;
    EXPECT_EQ(CheckName(key, Limits{}.max_name_length), NameProblem::kNone) << key;
    EXPECT_FALSE(IsIdName(key)) << text;
    EXPECT_FALSE(value.is_object()) << text;
  }
}

TEST(PropertyTest, RepairedRecordsAreValidAndStable) {
  Generator generator(20240601);
  int accepted = 0;
  int rejected = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string record = generator.Object(1, 1 + generator.Pick(8));
    auto first = test::Process("[" + record + "]");
    ASSERT_FALSE(first.outcome.request_failed && first.outcome.received == 0)
        << "generated bad JSON: " << record;
    // A record's issues are all errors (rejected) or all warnings (stored).
    const bool stored = first.outcome.accepted.size() == 1;
    for (const Issue& issue : first.issues.warnings()) {
      EXPECT_TRUE(stored) << record << ": " << issue.message_id;
    }
    if (!stored) {
      ++rejected;
      continue;
    }
    ++accepted;
    const std::string& json = first.outcome.accepted[0].data;
    nlohmann::json parsed;
    ASSERT_NO_THROW(parsed = nlohmann::json::parse(json)) << record << " -> " << json;
    ASSERT_TRUE(parsed.is_object());
    ExpectValidNames(parsed, json);
    for (const Issue& issue : first.issues.warnings()) {
      ASSERT_TRUE(nlohmann::json(issue.property.value_or("")).is_string());
      (void)nlohmann::json(issue.original.value_or("")).dump();  // valid UTF-8, or this throws
      (void)nlohmann::json(issue.path.value_or("")).dump();
    }
    auto again = test::Process("[" + json + "]");
    ASSERT_EQ(again.outcome.accepted.size(), 1u) << json;
    EXPECT_EQ(again.outcome.accepted[0].data, json) << record;
    EXPECT_EQ(again.issues.warning_count(), 0) << json << ": " << again.Ids()[0];
    EXPECT_EQ(again.issues.error_count(), 0) << json;
  }
  std::printf("generated 10000 records: %d stored, %d rejected\n", accepted, rejected);
  EXPECT_GT(accepted, 3000);
  EXPECT_GT(rejected, 500);
}

TEST(PropertyTest, CleanRecordsComeBackUnchanged) {
  Generator generator(7);
  for (int i = 0; i < 3000; ++i) {
    const std::string record = generator.CleanRecord();
    auto result = test::Process("[" + record + "]");
    ASSERT_EQ(result.outcome.accepted.size(), 1u) << record;
    EXPECT_EQ(result.outcome.accepted[0].data, record);
    EXPECT_TRUE(result.Ids().empty()) << record << ": " << result.Ids()[0];
  }
}

TEST(PropertyTest, NeverFailsOnRandomBytes) {
  Generator generator(99);
  const std::string alphabet = "{}[],:\"\\ \n\r\tatrufalsn0123456789.-+eE\xC3\xA9\xFF\x01u";
  for (int i = 0; i < 20000; ++i) {
    std::string body;
    const int size = generator.Pick(40);
    for (int k = 0; k < size; ++k) body.push_back(alphabet[generator.Pick(alphabet.size())]);
    auto json = test::Process(body);
    auto ndjson = test::Process(body, BodyFormat::kNdjson);
    EXPECT_TRUE(json.outcome.request_failed || json.outcome.empty_batch ||
                !json.outcome.accepted.empty());
    for (const auto& record : json.outcome.accepted) {
      EXPECT_TRUE(nlohmann::json::accept(record.data)) << body;
    }
  }
}

}  // namespace
}  // namespace inlet::ingest
