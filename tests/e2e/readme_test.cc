// The README's first steps (SPEC §9: they run when pasted), run as written by bash
// against a fresh server, from the directory holding its data/, as a reader would after
// scripts/run.sh: every variable comes from the answer before it.
#include <gtest/gtest.h>

#include <cstdlib>

#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

// The first two ```sh blocks of the README's "First steps" section.
std::vector<std::string> FirstStepsBlocks() {
  const std::string readme = ReadFile(std::string(INLET_SOURCE_DIR) + "/README.md");
  const size_t section = readme.find("\n## First steps\n");
  const size_t end = readme.find("\n## ", section + 1);
  std::vector<std::string> blocks;
  size_t at = section;
  while (section != std::string::npos && blocks.size() < 2) {
    const size_t open = readme.find("```sh\n", at);
    if (open == std::string::npos || open > end) break;
    const size_t close = readme.find("\n```", open + 6);
    blocks.push_back(readme.substr(open + 6, close - open - 6));
    at = close + 4;
  }
  return blocks;
}

TEST(Readme, TheFirstStepsRunWhenPasted) {
  const auto blocks = FirstStepsBlocks();
  ASSERT_EQ(blocks.size(), 2u) << "the README's first steps are two sh blocks";
  TempDir dir;
  ServerProcess server(ServeDataDir(dir.File("data")));

  WriteFile(dir.File("first_steps.sh"),
            "set -euo pipefail\n" + blocks[0] + "\n" + blocks[1] + "\n");
  const std::string command = "cd '" + dir.path() +
                              "' && BASE=http://127.0.0.1:" + std::to_string(server.port()) +
                              " bash first_steps.sh > out.txt 2> err.txt";
  const int status = std::system(command.c_str());
  const std::string out = ReadFile(dir.File("out.txt"));
  const std::string err = ReadFile(dir.File("err.txt"));
  ASSERT_EQ(status, 0) << "stdout:\n" << out << "\nstderr:\n" << err;

  EXPECT_NE(out.find("\"warning\": true"), std::string::npos) << "names repaired:\n" << out;
  EXPECT_NE(out.find(R"({"state":"done","created":2,"merged":0,"failed":0})"), std::string::npos)
      << out;
  EXPECT_NE(out.find("/Customer#crm:1"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("outcome":"created")"), std::string::npos) << out;
  EXPECT_NE(out.find("id,entityType,name,codes"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("op":"upsert")"), std::string::npos) << out;
}

}  // namespace
}  // namespace inlet::testing
