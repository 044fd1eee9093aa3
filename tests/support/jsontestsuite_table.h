// The checked-in table of what SPEC §2.3 implies for every file of JSONTestSuite's
// test_parsing/ (tests/golden/jsontestsuite.tsv), shared by the in-process golden test and
// the end-to-end test that POSTs every file to the real server.
#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace inlet::testing {

struct SuiteAnswer {
  std::string status;      // "200", "400"
  std::string message_id;  // of the first request-level error, or "-"
  bool operator==(const SuiteAnswer&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const SuiteAnswer& answer) {
  return out << answer.status << " " << answer.message_id;
}

// test_parsing/ under the shared test data, read in place (never copied).
std::filesystem::path JsonTestSuiteDir();

// File name → answer. Throws when the table cannot be read.
std::map<std::string, SuiteAnswer> ReadJsonTestSuiteTable();

// The files of test_parsing/, sorted.
std::vector<std::string> JsonTestSuiteFiles();

}  // namespace inlet::testing
