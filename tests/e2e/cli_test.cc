// The command line (SPEC §6): --version, --help, --check-config, and typos that must be
// caught (unknown config key, unknown INLET_* variable, unknown flag).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>
#include <string>

#include "support/server_process.h"
#include "support/temp_dir.h"

namespace inlet::testing {
namespace {

using ::testing::HasSubstr;

TEST(Cli, VersionPrintsTheVersion) {
  auto result = RunInlet({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(^inlet \d+\.\d+\.\d+)"))) << result.out;
}

TEST(Cli, HelpListsCommandsAndConfigurationKeys) {
  auto result = RunInlet({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* text :
       {"inlet serve", "inlet token create", "inlet --check-config", "server.port",
        "server.readTimeoutMs", "server.maxConnections", "limits.bodyWireBytes",
        "limits.inflightBodyBytes", "store.dataDir", "retention.days"}) {
    EXPECT_THAT(result.out, HasSubstr(text));
  }
}

TEST(Cli, CheckConfigAcceptsTheShippedFile) {
  auto result = RunInlet({"--check-config", INLET_SOURCE_DIR "/config/inlet.json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(Cli, CheckConfigNamesAnUnknownKey) {
  TempDir temp;
  WriteFile(temp.File("inlet.json"), R"({"server": {"port": 8080, "readTimeotMs": 1000}})");
  auto result = RunInlet({"--check-config", temp.File("inlet.json")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("readTimeotMs"));

  WriteFile(temp.File("range.json"), R"({"server": {"port": 70000}})");
  auto range = RunInlet({"--check-config", temp.File("range.json")});
  EXPECT_EQ(range.exit_code, 1);
  EXPECT_THAT(range.err, HasSubstr("port"));
}

TEST(Cli, ServeRefusesAnUnknownInletVariable) {
  try {
    ServerProcess server(ServeEnv({{"INLET_SERVER_READ_TIMEOT_MS", "1000"}}));
    FAIL() << "the server started despite INLET_SERVER_READ_TIMEOT_MS";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("INLET_SERVER_READ_TIMEOT_MS"));
  }
}

TEST(Cli, KnownInletVariableIsApplied) {
  // The counterpart of the test above: a correct variable works and takes effect.
  ServerProcess server(ServeEnv({{"INLET_SERVER_MAX_CONNECTIONS", "1"}}));
  HttpConnection first(server.port());
  ASSERT_EQ(first.Send("GET", "/healthz").status, 200);
  HttpConnection second(server.port());
  EXPECT_EQ(second.ReadResponse(5000).status, 503);
}

TEST(Cli, UnknownFlagExits2) {
  TempDir temp;
  auto token = RunInlet({"token", "list", "--data-dir", temp.path(), "--no-such-flag", "x"});
  EXPECT_EQ(token.exit_code, 2);
  EXPECT_THAT(token.err, HasSubstr("--no-such-flag"));

  auto top = RunInlet({"--no-such-flag"});
  EXPECT_EQ(top.exit_code, 2);
  EXPECT_THAT(top.err, HasSubstr("--no-such-flag"));

  // `serve` with a bad flag must fail before it listens.
  try {
    ServerProcess server(ServeArgs({"--no-such-flag", "x"}));
    FAIL() << "the server started despite --no-such-flag";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("--no-such-flag"));
  }
}

}  // namespace
}  // namespace inlet::testing
