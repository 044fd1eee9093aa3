// `inlet` argument parsing (command_line.h): no side effects, so every case is a value.
#include "inlet/app/command_line.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "inlet/config/config.h"

namespace inlet::app {
namespace {

using Command = CommandLine::Command;
using Settings = std::vector<std::pair<std::string, std::string>>;

CommandLine Parse(const std::vector<std::string>& args) {
  Result<CommandLine> line = ParseCommandLine(args);
  EXPECT_TRUE(line.ok()) << line.status().message();
  return line.ok() ? *line : CommandLine{};
}

// Every usage error is kInvalidArgument, names what was wrong and points at --help.
::testing::AssertionResult IsUsageError(const std::vector<std::string>& args,
                                        const std::string& must_mention) {
  Result<CommandLine> line = ParseCommandLine(args);
  std::string joined;
  for (const auto& arg : args) joined += (joined.empty() ? "" : " ") + arg;
  if (line.ok()) return ::testing::AssertionFailure() << "accepted: " << joined;
  const Status& status = line.status();
  if (status.code() != StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << joined << ": code " << static_cast<int>(status.code());
  }
  if (status.message().find("inlet --help") == std::string::npos) {
    return ::testing::AssertionFailure()
           << joined << ": \"" << status.message() << "\" does not mention inlet --help";
  }
  if (status.message().find(must_mention) == std::string::npos) {
    return ::testing::AssertionFailure()
           << joined << ": \"" << status.message() << "\" does not mention " << must_mention;
  }
  return ::testing::AssertionSuccess();
}

// --- top level ---

TEST(ParseCommandLineTest, NoArgumentsMeansHelp) {
  CommandLine line = Parse({});
  EXPECT_EQ(line.command, Command::kHelp);
  EXPECT_TRUE(line.settings.empty());
}

TEST(ParseCommandLineTest, HelpSpellings) {
  for (const char* spelling : {"--help", "-h", "help"}) {
    EXPECT_EQ(Parse({spelling}).command, Command::kHelp) << spelling;
  }
}

TEST(ParseCommandLineTest, Version) {
  EXPECT_EQ(Parse({"--version"}).command, Command::kVersion);
  EXPECT_EQ(Parse({"version"}).command, Command::kVersion);
}

TEST(ParseCommandLineTest, CheckConfig) {
  CommandLine line = Parse({"--check-config", "/etc/inlet/inlet.json"});
  EXPECT_EQ(line.command, Command::kCheckConfig);
  EXPECT_EQ(line.config_path, "/etc/inlet/inlet.json");
  EXPECT_TRUE(line.settings.empty());
}

TEST(ParseCommandLineTest, CheckConfigNeedsExactlyOneFile) {
  EXPECT_TRUE(IsUsageError({"--check-config"}, "--check-config"));
  EXPECT_TRUE(IsUsageError({"--check-config", "a.json", "b.json"}, "b.json"));
}

TEST(ParseCommandLineTest, UnknownCommand) {
  EXPECT_TRUE(IsUsageError({"serv"}, "\"serv\""));
  EXPECT_TRUE(IsUsageError({"--serve"}, "\"--serve\""));
  EXPECT_TRUE(IsUsageError({"token"}, "token"));
  EXPECT_TRUE(IsUsageError({"token", "delete", "x"}, "\"delete\""));
}

// --- serve ---

TEST(ParseServeTest, BareServe) {
  CommandLine line = Parse({"serve"});
  EXPECT_EQ(line.command, Command::kServe);
  EXPECT_TRUE(line.settings.empty());
  EXPECT_EQ(line.config_path, "");
}

TEST(ParseServeTest, ListenSplitsHostAndPort) {
  CommandLine line = Parse({"serve", "--listen", "127.0.0.1:9000"});
  EXPECT_EQ(line.settings, (Settings{{"server.host", "127.0.0.1"}, {"server.port", "9000"}}));
}

TEST(ParseServeTest, ListenStripsIpv6Brackets) {
  CommandLine line = Parse({"serve", "--listen", "[::1]:9000"});
  EXPECT_EQ(line.settings, (Settings{{"server.host", "::1"}, {"server.port", "9000"}}));
  line = Parse({"serve", "--listen", "[2001:db8::7]:443"});
  EXPECT_EQ(line.settings, (Settings{{"server.host", "2001:db8::7"}, {"server.port", "443"}}));
}

TEST(ParseServeTest, ListenNeedsHostAndPort) {
  EXPECT_TRUE(IsUsageError({"serve", "--listen", "127.0.0.1"}, "--listen"));
  EXPECT_TRUE(IsUsageError({"serve", "--listen", "127.0.0.1:"}, "--listen"));
  EXPECT_TRUE(IsUsageError({"serve", "--listen", ":9000"}, "--listen"));
  EXPECT_TRUE(IsUsageError({"serve", "--listen", "localhost"}, "--listen"));
  EXPECT_TRUE(IsUsageError({"serve", "--listen="}, "--listen"));
}

TEST(ParseServeTest, BracketedIpv6ListenWithoutPortIsRefused) {
  // rfind(':') inside "[::1]" must not be taken for the port separator: that would set
  // host "[:" and port ":1]".
  EXPECT_TRUE(IsUsageError({"serve", "--listen", "[::1]"}, "--listen"));
  EXPECT_TRUE(IsUsageError({"serve", "--listen", "[2001:db8::7]"}, "--listen"));
}

TEST(ParseServeTest, EachFlagBecomesItsConfigKey) {
  CommandLine line = Parse({"serve", "--config", "/etc/inlet.json", "--data-dir", "/var/inlet",
                            "--threads", "8", "--log-level", "debug", "--log-format", "json"});
  EXPECT_EQ(line.command, Command::kServe);
  EXPECT_EQ(line.config_path, "/etc/inlet.json");
  EXPECT_EQ(line.settings, (Settings{{"store.dataDir", "/var/inlet"},
                                     {"server.threads", "8"},
                                     {"log.level", "debug"},
                                     {"log.format", "json"}}));
}

TEST(ParseServeTest, SetTakesAnyDottedKeyInOrder) {
  CommandLine line = Parse({"serve", "--set", "limits.maxRecords=5", "--set",
                            "server.publicUrl=https://x/?a=b", "--set", "log.level="});
  EXPECT_EQ(line.settings, (Settings{{"limits.maxRecords", "5"},
                                     {"server.publicUrl", "https://x/?a=b"},
                                     {"log.level", ""}}));
}

TEST(ParseServeTest, SetNeedsAnEqualsSignAfterAKey) {
  EXPECT_TRUE(IsUsageError({"serve", "--set", "limits.maxRecords"}, "--set"));
  EXPECT_TRUE(IsUsageError({"serve", "--set", "=5"}, "--set"));
  EXPECT_TRUE(IsUsageError({"serve", "--set"}, "--set"));
}

TEST(ParseServeTest, FlagEqualsValueForm) {
  CommandLine line = Parse({"serve", "--listen=[::1]:9000", "--data-dir=/d", "--threads=2",
                            "--set=a.b=c", "--config=/c.json", "--log-level=warn"});
  EXPECT_EQ(line.config_path, "/c.json");
  EXPECT_EQ(line.settings, (Settings{{"server.host", "::1"},
                                     {"server.port", "9000"},
                                     {"store.dataDir", "/d"},
                                     {"server.threads", "2"},
                                     {"a.b", "c"},
                                     {"log.level", "warn"}}));
}

TEST(ParseServeTest, LaterFlagsComeLaterSoTheyWin) {
  CommandLine line = Parse({"serve", "--threads", "2", "--set", "server.threads=4"});
  EXPECT_EQ(line.settings, (Settings{{"server.threads", "2"}, {"server.threads", "4"}}));
}

TEST(ParseServeTest, MissingValue) {
  for (const char* flag :
       {"--listen", "--data-dir", "--threads", "--log-level", "--log-format", "--config"}) {
    EXPECT_TRUE(IsUsageError({"serve", flag}, flag)) << flag;
  }
}

TEST(ParseServeTest, UnknownFlagIsNamed) {
  EXPECT_TRUE(IsUsageError({"serve", "--port", "80"}, "--port"));
  EXPECT_TRUE(IsUsageError({"serve", "--verbose=1"}, "--verbose"));
}

TEST(ParseServeTest, UnknownFlagIsReportedAsUnknownEvenWithoutAValue) {
  // A flag that does not exist must not be reported as one that "needs a value".
  EXPECT_TRUE(IsUsageError({"serve", "--verbose"}, "unknown flag --verbose"));
  EXPECT_TRUE(IsUsageError({"serve", "--help"}, "unknown flag --help"));
}

TEST(ParseServeTest, PositionalArgumentIsRefused) {
  EXPECT_TRUE(IsUsageError({"serve", "now"}, "\"now\""));
  EXPECT_TRUE(IsUsageError({"serve", "-t", "4"}, "\"-t\""));
}

TEST(ParseServeTest, TokenFlagsAreNotServeFlags) {
  EXPECT_TRUE(IsUsageError({"serve", "--name", "x"}, "--name"));
  EXPECT_TRUE(IsUsageError({"serve", "--scope", "read"}, "--scope"));
  EXPECT_TRUE(IsUsageError({"serve", "--endpoint", "e"}, "--endpoint"));
  EXPECT_TRUE(IsUsageError({"serve", "--expires-in-hours", "1"}, "--expires-in-hours"));
}

// --- token ---

TEST(ParseTokenTest, CreateWithEverything) {
  CommandLine line = Parse({"token", "create", "--name", "ci", "--scope", "ingest", "--scope",
                            "read", "--endpoint", "0190A1B2-C3D4-4E5F-8A6B-7C8D9E0F1A2B",
                            "--endpoint=e2", "--expires-in-hours", "48", "--data-dir", "/d"});
  EXPECT_EQ(line.command, Command::kTokenCreate);
  EXPECT_EQ(line.token_name, "ci");
  EXPECT_EQ(line.token_scopes, (std::vector<std::string>{"ingest", "read"}));
  // Passed on as typed; MintToken normalizes and validates them.
  EXPECT_EQ(line.token_endpoints,
            (std::vector<std::string>{"0190A1B2-C3D4-4E5F-8A6B-7C8D9E0F1A2B", "e2"}));
  EXPECT_EQ(line.token_expires_in_hours, 48);
  EXPECT_EQ(line.settings, (Settings{{"store.dataDir", "/d"}}));
}

TEST(ParseTokenTest, CreateWithoutExpiryLeavesItUnset) {
  CommandLine line = Parse({"token", "create", "--name=ci", "--scope=admin", "--config", "/c"});
  EXPECT_EQ(line.command, Command::kTokenCreate);
  EXPECT_EQ(line.token_name, "ci");
  EXPECT_EQ(line.token_scopes, std::vector<std::string>{"admin"});
  EXPECT_FALSE(line.token_expires_in_hours.has_value());
  EXPECT_EQ(line.config_path, "/c");
}

TEST(ParseTokenTest, ExpiryMustBeAWholeNumber) {
  for (const char* hours :
       {"abc", "12h", "1.5", "", " 12", "12 ", "0x10", "99999999999999999999"}) {
    EXPECT_TRUE(IsUsageError(
        {"token", "create", "--name", "n", "--scope", "read", "--expires-in-hours", hours},
        "--expires-in-hours"))
        << '"' << hours << '"';
  }
}

TEST(ParseTokenTest, List) {
  CommandLine line = Parse({"token", "list", "--data-dir", "/d"});
  EXPECT_EQ(line.command, Command::kTokenList);
  EXPECT_EQ(line.settings, (Settings{{"store.dataDir", "/d"}}));
  EXPECT_TRUE(IsUsageError({"token", "list", "extra"}, "\"extra\""));
}

TEST(ParseTokenTest, RevokeTakesTheId) {
  CommandLine line = Parse({"token", "revoke", "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b"});
  EXPECT_EQ(line.command, Command::kTokenRevoke);
  EXPECT_EQ(line.token_id, "0190a1b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b");

  line = Parse({"token", "revoke", "--data-dir", "/d", "abc"});
  EXPECT_EQ(line.token_id, "abc");
  EXPECT_EQ(line.settings, (Settings{{"store.dataDir", "/d"}}));
}

TEST(ParseTokenTest, RevokeRequiresExactlyOneId) {
  EXPECT_TRUE(IsUsageError({"token", "revoke"}, "token id"));
  EXPECT_TRUE(IsUsageError({"token", "revoke", "--data-dir", "/d"}, "token id"));
  EXPECT_TRUE(IsUsageError({"token", "revoke", "a", "b"}, "\"b\""));
}

TEST(ParseTokenTest, ServeFlagsAreNotTokenFlags) {
  EXPECT_TRUE(
      IsUsageError({"token", "create", "--name", "n", "--listen", "127.0.0.1:1"}, "--listen"));
  EXPECT_TRUE(IsUsageError({"token", "list", "--threads", "2"}, "--threads"));
  EXPECT_TRUE(IsUsageError({"token", "list", "--set", "a.b=c"}, "--set"));
  EXPECT_TRUE(IsUsageError({"token", "revoke", "id", "--log-level", "debug"}, "--log-level"));
}

TEST(ParseTokenTest, CreateFlagsAreOnlyForCreate) {
  EXPECT_TRUE(IsUsageError({"token", "list", "--name", "n"}, "--name"));
  EXPECT_TRUE(IsUsageError({"token", "revoke", "id", "--scope", "read"}, "--scope"));
}

// --- help ---

TEST(HelpTextTest, MentionsEveryDocumentedKey) {
  std::string help = HelpText();
  std::vector<config::KeyDoc> keys = config::DocumentedKeys();
  ASSERT_FALSE(keys.empty());
  for (const auto& key : keys) {
    EXPECT_NE(help.find(key.name), std::string::npos) << key.name;
  }
}

TEST(HelpTextTest, MentionsEveryCommand) {
  std::string help = HelpText();
  for (const char* text : {"inlet serve", "inlet token create", "inlet token list",
                           "inlet token revoke", "--check-config", "--version", "--help"}) {
    EXPECT_NE(help.find(text), std::string::npos) << text;
  }
}

TEST(HelpTextTest, FlagKeysAreDocumentedKeys) {
  // The flags map onto config keys; a renamed key must not leave a flag pointing nowhere.
  CommandLine line = Parse({"serve", "--listen", "h:1", "--data-dir", "d", "--threads", "1",
                            "--log-level", "info", "--log-format", "text"});
  std::vector<config::KeyDoc> keys = config::DocumentedKeys();
  for (const auto& [key, value] : line.settings) {
    bool documented = false;
    for (const auto& doc : keys) documented = documented || doc.name == key;
    EXPECT_TRUE(documented) << key;
  }
}

}  // namespace
}  // namespace inlet::app
