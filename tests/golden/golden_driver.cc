// Golden cases for validate-and-repair (SPEC §2.3), one folder each under cases/:
//
//   request.json | request.ndjson   the body (its extension picks the format)
//   limits.json                     optional: {"maxRecords", "maxColumns", "maxNameLength",
//                                   "maxDepth"}
//   expected-records.json           [{"rowIndex": n, "record": {...}}, ...] — compared byte
//                                   for byte after removing white space outside strings, so
//                                   numbers, key order and escaping are checked exactly
//   expected-issues.json            {"outcome": {...}, "issues": [...]}: every issue listed,
//                                   in any order; fields an expected issue omits are not
//                                   checked, a field given as null must be absent
//
// The expected files are written by hand from the spec, never copied from the output.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "inlet/ingest/ingest.h"
#include "support/temp_dir.h"

namespace inlet::ingest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kCases = fs::path(INLET_GOLDEN_DIR) / "cases";

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  if (!fs::exists(kCases)) return names;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Removes white space outside strings; strings are copied as they are.
std::string Minify(const std::string& text) {
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(text[++i]);
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out.push_back(c);
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out.push_back(c);
    }
  }
  return out;
}

Limits ReadLimits(const fs::path& dir) {
  Limits limits;
  if (!fs::exists(dir / "limits.json")) return limits;
  const json j = json::parse(testing::ReadFile((dir / "limits.json").string()));
  limits.max_records = j.value("maxRecords", limits.max_records);
  limits.max_columns = j.value("maxColumns", limits.max_columns);
  limits.max_name_length = j.value("maxNameLength", limits.max_name_length);
  limits.max_depth = j.value("maxDepth", limits.max_depth);
  return limits;
}

json IssueToJson(const Issue& issue) {
  json j = {{"messageId", issue.message_id},
            {"level", std::string(ToString(issue.level))},
            {"domain", std::string(ToString(issue.domain))},
            {"rowIndex", issue.row_index},
            {"message", issue.message}};
  auto put = [&j](const char* key, const auto& value) {
    if (value) j[key] = *value;
  };
  put("property", issue.property);
  put("repaired", issue.repaired);
  put("path", issue.path);
  put("original", issue.original);
  put("line", issue.line);
  put("column", issue.column);
  put("offset", issue.offset);
  return j;
}

bool Matches(const json& expected, const json& actual) {
  for (const auto& [key, value] : expected.items()) {
    if (value.is_null()) {
      if (actual.contains(key)) return false;
    } else if (!actual.contains(key) || actual[key] != value) {
      return false;
    }
  }
  return true;
}

// nlohmann refuses numbers beyond a double (1e400) that JSON allows; that refusal is
// the only one tolerated.
bool IsValidJson(const std::string& text) {
  try {
    json parsed = json::parse(text);
    return parsed.is_object();
  } catch (const json::out_of_range& e) {
    return e.id == 406;
  } catch (const json::exception&) {
    return false;
  }
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesExpectations) {
  const fs::path dir = kCases / GetParam();
  const bool ndjson = fs::exists(dir / "request.ndjson");
  const fs::path request = dir / (ndjson ? "request.ndjson" : "request.json");
  ASSERT_TRUE(fs::exists(request)) << "no request.json or request.ndjson in " << dir;
  const std::string body = testing::ReadFile(request.string());

  IssueCollector issues;
  const Outcome outcome =
      ProcessBody(body, ndjson ? BodyFormat::kNdjson : BodyFormat::kJson, ReadLimits(dir), issues);

  // Records, exactly.
  std::string actual_records = "[";
  for (const AcceptedRecord& record : outcome.accepted) {
    if (actual_records.size() > 1) actual_records += ",";
    actual_records +=
        "{\"rowIndex\":" + std::to_string(record.row_index) + ",\"record\":" + record.data + "}";
    EXPECT_TRUE(IsValidJson(record.data)) << record.data;
  }
  actual_records += "]";
  const std::string expected_records =
      Minify(testing::ReadFile((dir / "expected-records.json").string()));
  EXPECT_EQ(actual_records, expected_records);

  // Outcome and issues.
  const json expected = json::parse(testing::ReadFile((dir / "expected-issues.json").string()));
  const json want = expected.value("outcome", json::object());
  EXPECT_EQ(outcome.received, want.value("received", outcome.received));
  EXPECT_EQ(outcome.rejected, want.value("rejected", outcome.rejected));
  EXPECT_EQ(outcome.request_failed, want.value("requestFailed", false));
  EXPECT_EQ(outcome.empty_batch, want.value("emptyBatch", false));

  json actual = json::array();
  for (const Issue& issue : issues.errors()) actual.push_back(IssueToJson(issue));
  for (const Issue& issue : issues.warnings()) actual.push_back(IssueToJson(issue));
  std::vector<bool> used(actual.size(), false);
  for (const json& issue : expected.value("issues", json::array())) {
    bool found = false;
    for (size_t i = 0; i < actual.size() && !found; ++i) {
      if (!used[i] && Matches(issue, actual[i])) used[i] = found = true;
    }
    EXPECT_TRUE(found) << "expected issue not reported: " << issue.dump();
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_TRUE(used[i]) << "unexpected issue: " << actual[i].dump();
  }
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, ::testing::ValuesIn(CaseNames()), TestName);

TEST(GoldenCasesTest, EveryCaseHasItsFiles) {
  const std::vector<std::string> names = CaseNames();
  EXPECT_GE(names.size(), 30u);
  for (const std::string& name : names) {
    const fs::path dir = kCases / name;
    EXPECT_TRUE(fs::exists(dir / "request.json") || fs::exists(dir / "request.ndjson")) << name;
    EXPECT_TRUE(fs::exists(dir / "expected-records.json")) << name;
    EXPECT_TRUE(fs::exists(dir / "expected-issues.json")) << name;
  }
}

}  // namespace
}  // namespace inlet::ingest
