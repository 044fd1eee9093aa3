// Every file of JSONTestSuite's test_parsing/ against jsontestsuite.tsv: the status and
// messageId SPEC §2.3 implies when the file is POSTed as application/json. Also feeds each
// file as NDJSON, only to show that nothing crashes or hangs.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "inlet/ingest/ingest.h"
#include "support/jsontestsuite_table.h"
#include "support/temp_dir.h"

namespace inlet::ingest {
namespace {

namespace fs = std::filesystem;

using testing::SuiteAnswer;

// The mapping the HTTP layer applies: 200 when records were accepted or the batch was
// empty, else 400 with the first request-level error.
SuiteAnswer AnswerFor(const Outcome& outcome, const IssueCollector& issues) {
  if (!outcome.request_failed && (!outcome.accepted.empty() || outcome.empty_batch)) {
    return {"200", "-"};
  }
  for (const Issue& issue : issues.errors()) {
    if (issue.domain == IssueDomain::kRequest) return {"400", issue.message_id};
  }
  return {"400", "?"};
}

TEST(JsonTestSuiteTest, AnswersAsTheTableSays) {
  ASSERT_TRUE(fs::exists(testing::JsonTestSuiteDir())) << testing::JsonTestSuiteDir();
  const std::map<std::string, SuiteAnswer> table = testing::ReadJsonTestSuiteTable();
  const std::vector<std::string> files = testing::JsonTestSuiteFiles();
  EXPECT_EQ(files.size(), table.size()) << "the table and the folder list different files";
  std::string slowest;
  double slowest_ms = 0;
  for (const std::string& file : files) {
    const std::string body = testing::ReadFile((testing::JsonTestSuiteDir() / file).string());
    const auto start = std::chrono::steady_clock::now();
    IssueCollector issues;
    const Outcome outcome = ProcessBody(body, BodyFormat::kJson, Limits{}, issues);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (ms > slowest_ms) {
      slowest_ms = ms;
      slowest = file;
    }
    const auto row = table.find(file);
    if (row == table.end()) {
      ADD_FAILURE() << file << " is missing from the table";
      continue;
    }
    EXPECT_EQ(AnswerFor(outcome, issues), row->second) << file;
    // Every stored record must itself be accepted, unchanged, when sent again.
    for (const AcceptedRecord& record : outcome.accepted) {
      IssueCollector again_issues;
      const Outcome again = ProcessBody(record.data, BodyFormat::kJson, Limits{}, again_issues);
      ASSERT_EQ(again.accepted.size(), 1u) << file;
      EXPECT_EQ(again.accepted[0].data, record.data) << file;
    }
    IssueCollector ndjson_issues;
    (void)ProcessBody(body, BodyFormat::kNdjson, Limits{}, ndjson_issues);
  }
  std::printf("JSONTestSuite: %zu files; slowest %s in %.2f ms\n", files.size(), slowest.c_str(),
              slowest_ms);
}

}  // namespace
}  // namespace inlet::ingest
