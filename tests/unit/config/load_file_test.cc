#include <gtest/gtest.h>

#include <string>

#include "inlet/config/config.h"
#include "support/temp_dir.h"
#include "test_util.h"

namespace inlet::config {
namespace {

class LoadFileTest : public ::testing::Test {
 protected:
  // Writes `text` as a config file and loads it over `config_`.
  Status Load(const std::string& text) {
    path_ = dir_.File("inlet.json");
    inlet::testing::WriteFile(path_, text);
    return LoadFile(path_, config_);
  }

  inlet::testing::TempDir dir_;
  std::string path_;
  Config config_;
};

TEST_F(LoadFileTest, SetsTheGivenKeysAndKeepsTheRest) {
  ASSERT_OK(Load(R"({
    "server": {"port": 9090, "host": "0.0.0.0", "publicUrl": "https://inlet.example.com"},
    "limits": {"maxDepth": 10, "bodyWireBytes": 1048576},
    "store": {"dataDir": "/var/lib/inlet", "synchronous": "normal"},
    "log": {"level": "debug", "format": "json"},
    "retention": {"days": 7}
  })"));
  EXPECT_EQ(config_.server.port, 9090);
  EXPECT_EQ(config_.server.host, "0.0.0.0");
  EXPECT_EQ(config_.server.public_url, "https://inlet.example.com");
  EXPECT_EQ(config_.limits.max_depth, 10);
  EXPECT_EQ(config_.limits.body_wire_bytes, 1048576u);
  EXPECT_EQ(config_.store.data_dir, "/var/lib/inlet");
  EXPECT_EQ(config_.store.synchronous, "normal");
  EXPECT_EQ(config_.log.level, "debug");
  EXPECT_EQ(config_.log.format, "json");
  EXPECT_EQ(config_.retention.days, 7);

  const Config defaults;
  EXPECT_EQ(config_.server.threads, defaults.server.threads);
  EXPECT_EQ(config_.limits.max_records, defaults.limits.max_records);
  EXPECT_EQ(config_.retention.idempotency_hours, defaults.retention.idempotency_hours);
}

TEST_F(LoadFileTest, LoadsOverWhatIsAlreadySet) {
  config_.server.port = 1234;
  config_.log.level = "warn";
  ASSERT_OK(Load(R"({"log": {"level": "error"}})"));
  EXPECT_EQ(config_.server.port, 1234);
  EXPECT_EQ(config_.log.level, "error");
}

TEST_F(LoadFileTest, AcceptsComments) {
  ASSERT_OK(Load(R"(// leading line comment
/* block
   comment */
{
  // a section
  "server": {
    "port": 7070, // trailing comment
    /* inline */ "threads": 4
  }
}
// after
)"));
  EXPECT_EQ(config_.server.port, 7070);
  EXPECT_EQ(config_.server.threads, 4);
}

TEST_F(LoadFileTest, EmptyObjectAndEmptySectionChangeNothing) {
  ASSERT_OK(Load("{}"));
  ASSERT_OK(Load(R"({"server": {}})"));
  EXPECT_EQ(config_.server.port, Config{}.server.port);
}

TEST_F(LoadFileTest, SizesAcceptBinarySuffixes) {
  ASSERT_OK(Load(R"({
    "server": {"headerLimitBytes": "16KiB"},
    "limits": {"bodyWireBytes": "32MiB", "bodyDecodedBytes": "1GiB", "inflightBodyBytes": 2097152}
  })"));
  EXPECT_EQ(config_.server.header_limit_bytes, 16u * 1024);
  EXPECT_EQ(config_.limits.body_wire_bytes, 32ull << 20);
  EXPECT_EQ(config_.limits.body_decoded_bytes, 1ull << 30);
  EXPECT_EQ(config_.limits.inflight_body_bytes, 2ull << 20);
}

TEST_F(LoadFileTest, UnknownKeyNamesFileAndKeyAndSuggestsTheClosest) {
  Status status = Load(R"({"server": {"prot": 8080}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_EQ(status.message(),
            path_ + ": unknown key \"server.prot\" (did you mean \"server.port\"?)");
}

TEST_F(LoadFileTest, UnknownKeyWithNothingCloseHasNoSuggestion) {
  Status status = Load(R"({"limits": {"banana": 1}})");
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_EQ(status.message(), path_ + ": unknown key \"limits.banana\"");
}

TEST_F(LoadFileTest, UnknownSectionIsNamedWithItsFirstKey) {
  Status status = Load(R"({"servr": {"port": 1}})");
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_EQ(status.message(),
            path_ + ": unknown key \"servr.port\" (did you mean \"server.port\"?)");

  status = Load(R"({"logging": "debug"})");
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_EQ(status.message(), path_ + ": unknown key \"logging\"");
}

TEST_F(LoadFileTest, KeyOutsideItsSectionPointsToIt) {
  Status status = Load(R"({"port": 9000})");
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_EQ(status.message(), path_ + ": unknown key \"port\" (did you mean \"server.port\"?)");
}

TEST_F(LoadFileTest, KeysAreCaseSensitive) {
  Status status = Load(R"({"server": {"Port": 9000}})");
  EXPECT_EQ(status.message(),
            path_ + ": unknown key \"server.Port\" (did you mean \"server.port\"?)");
}

TEST_F(LoadFileTest, WrongTypeNamesKeyAndWhatWasExpected) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"server": {"port": "8080"}})",
       R"(server.port: expected an integer from 0 to 65535, got the string "8080")"},
      {R"({"server": {"port": 80.5}})",
       "server.port: expected an integer from 0 to 65535, got the number 80.5"},
      {R"({"server": {"threads": true}})",
       "server.threads: expected an integer from 1 to 256, got true"},
      {R"({"server": {"host": 5}})", "server.host: expected a non-empty string, got the number 5"},
      {R"({"server": {"publicUrl": null}})", "server.publicUrl: expected a string, got null"},
      {R"({"store": {"dataDir": ["a"]}})",
       "store.dataDir: expected a non-empty string, got an array"},
      {R"({"limits": {"bodyWireBytes": {}}})", "limits.bodyWireBytes: expected a size from 1 B"},
  };
  for (const Case& c : cases) {
    Status status = Load(c.text);
    ASSERT_FALSE(status.ok()) << c.text;
    EXPECT_EQ(status.message_id(), "config-invalid-value") << c.text;
    EXPECT_TRUE(Contains(status.message(), path_ + ": " + c.expected));
  }
}

TEST_F(LoadFileTest, SectionMustBeAnObject) {
  Status status = Load(R"({"server": 8080})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            path_ + ": \"server\" must be an object of keys, got the number 8080");
}

TEST_F(LoadFileTest, NegativeAndOutOfRangeIntegers) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"server": {"port": -1}})", "server.port: expected an integer from 0 to 65535, got -1"},
      {R"({"server": {"port": 65536}})",
       "server.port: expected an integer from 0 to 65535, got 65536"},
      {R"({"server": {"threads": 0}})", "server.threads: expected an integer from 1 to 256, got 0"},
      {R"({"limits": {"maxDepth": 1001}})",
       "limits.maxDepth: expected an integer from 1 to 1000, got 1001"},
      {R"({"limits": {"bodyWireBytes": 18446744073709551615}})",
       "limits.bodyWireBytes: expected a size from 1 B to 64 GiB"},
      {R"({"limits": {"inflightBodyBytes": "1KiB"}})",
       "limits.inflightBodyBytes: expected a size from 1 MiB to 64 GiB"},
      {R"({"limits": {"bodyWireBytes": "-1MiB"}})", "limits.bodyWireBytes: expected a size"},
  };
  for (const Case& c : cases) {
    Status status = Load(c.text);
    ASSERT_FALSE(status.ok()) << c.text;
    EXPECT_EQ(status.message_id(), "config-invalid-value") << c.text;
    EXPECT_TRUE(Contains(status.message(), path_ + ": " + c.expected));
  }
}

TEST_F(LoadFileTest, BadEnumValuesListTheChoices) {
  Status status = Load(R"({"store": {"synchronous": "fast"}})");
  EXPECT_EQ(status.message_id(), "config-invalid-value");
  EXPECT_EQ(status.message(),
            path_ + ": store.synchronous: expected \"full\" or \"normal\", got \"fast\"");

  status = Load(R"({"log": {"level": "verbose"}})");
  EXPECT_EQ(status.message(), path_ +
                                  ": log.level: expected \"trace\", \"debug\", \"info\", "
                                  "\"warn\", \"error\", \"critical\" or \"off\", got \"verbose\"");

  status = Load(R"({"log": {"format": "JSON"}})");
  EXPECT_TRUE(Contains(status.message(), "log.format: expected \"text\" or \"json\""));
}

TEST_F(LoadFileTest, EmptyRequiredStringIsRefused) {
  Status status = Load(R"({"store": {"dataDir": ""}})");
  EXPECT_EQ(status.message(), path_ + ": store.dataDir: must not be empty");
}

TEST_F(LoadFileTest, AnErrorLeavesTheConfigUnchanged) {
  Status status = Load(R"({"server": {"port": 9000, "threads": 0}})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(config_.server.port, Config{}.server.port);
}

TEST_F(LoadFileTest, DuplicateKeyIsRefused) {
  Status status = Load(R"({"server": {"port": 1, "threads": 2, "port": 3}})");
  EXPECT_EQ(status.message_id(), "config-duplicate-key");
  EXPECT_TRUE(Contains(status.message(), path_ + ": key \"server.port\" is given twice"));

  status = Load(R"({"log": {}, "log": {}})");
  EXPECT_TRUE(Contains(status.message(), "key \"log\" is given twice"));
}

TEST_F(LoadFileTest, SyntaxErrorGivesLineAndColumn) {
  // The trailing comma makes the '}' on line 4, column 3 unexpected.
  Status status = Load("{\n  \"server\": {\n    \"port\": 80,\n  }\n}\n");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message_id(), "config-syntax-error");
  EXPECT_TRUE(Contains(status.message(), path_ + ":4:3: invalid JSON: "));
  EXPECT_FALSE(Contains(status.message(), "json.exception"));
}

TEST_F(LoadFileTest, SyntaxErrorOnTheFirstLine) {
  Status status = Load("{\"server\" 1}");
  EXPECT_TRUE(Contains(status.message(), path_ + ":1:11: invalid JSON: "));
}

TEST_F(LoadFileTest, EmptyFileIsASyntaxError) {
  Status status = Load("");
  EXPECT_EQ(status.message_id(), "config-syntax-error");
  EXPECT_TRUE(Contains(status.message(), path_ + ":1:1: invalid JSON: "));
}

TEST_F(LoadFileTest, TopLevelMustBeAnObject) {
  Status status = Load(R"([{"server": {}}])");
  EXPECT_EQ(status.message(),
            path_ + ": the top level must be an object of sections, got an array");
}

TEST_F(LoadFileTest, MissingFileNamesThePath) {
  const std::string path = dir_.File("does-not-exist.json");
  Status status = LoadFile(path, config_);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message_id(), "config-file-not-found");
  EXPECT_TRUE(Contains(status.message(), "\"" + path + "\""));
  EXPECT_TRUE(Contains(status.message(), "No such file or directory"));
}

TEST_F(LoadFileTest, DirectoryIsNotAFile) {
  Status status = LoadFile(dir_.path(), config_);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(Contains(status.message(), dir_.path()));
}

}  // namespace
}  // namespace inlet::config
