#include "support/jsontestsuite_table.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace inlet::testing {

std::filesystem::path JsonTestSuiteDir() {
  return std::filesystem::path(INLET_TESTDATA_DIR) / "JSONTestSuite" / "test_parsing";
}

std::map<std::string, SuiteAnswer> ReadJsonTestSuiteTable() {
  const auto path =
      std::filesystem::path(INLET_SOURCE_DIR) / "tests" / "golden" / "jsontestsuite.tsv";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::map<std::string, SuiteAnswer> table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string file;
    SuiteAnswer answer;
    std::getline(fields, file, '\t');
    std::getline(fields, answer.status, '\t');
    std::getline(fields, answer.message_id, '\t');
    table[file] = answer;
  }
  return table;
}

std::vector<std::string> JsonTestSuiteFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(JsonTestSuiteDir())) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace inlet::testing
