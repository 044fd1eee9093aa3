#include <gtest/gtest.h>

#include <string>

#include "config/config_keys.h"
#include "inlet/config/config.h"
#include "test_util.h"

namespace inlet::config {
namespace {

TEST(SetByNameTest, SetsEachKindOfKey) {
  Config config;
  ASSERT_OK(SetByName("server.port", "0", config));
  ASSERT_OK(SetByName("server.host", "::1", config));
  ASSERT_OK(SetByName("limits.maxRecords", "5", config));
  ASSERT_OK(SetByName("limits.bodyDecodedBytes", "512MiB", config));
  ASSERT_OK(SetByName("server.headerLimitBytes", "2048", config));
  ASSERT_OK(SetByName("store.synchronous", "normal", config));
  EXPECT_EQ(config.server.port, 0);
  EXPECT_EQ(config.server.host, "::1");
  EXPECT_EQ(config.limits.max_records, 5);
  EXPECT_EQ(config.limits.body_decoded_bytes, 512ull << 20);
  EXPECT_EQ(config.server.header_limit_bytes, 2048u);
  EXPECT_EQ(config.store.synchronous, "normal");
}

TEST(SetByNameTest, AcceptsTheBoundsAndRefusesBeyond) {
  Config config;
  EXPECT_OK(SetByName("server.port", "65535", config));
  EXPECT_FALSE(SetByName("server.port", "65536", config).ok());
  EXPECT_OK(SetByName("limits.maxNameLength", "1", config));
  EXPECT_OK(SetByName("limits.maxNameLength", "250", config));
  EXPECT_FALSE(SetByName("limits.maxNameLength", "251", config).ok());
  EXPECT_FALSE(SetByName("limits.maxNameLength", "0", config).ok());
  EXPECT_OK(SetByName("limits.bodyWireBytes", "64GiB", config));
  EXPECT_FALSE(SetByName("limits.bodyWireBytes", "65GiB", config).ok());
  EXPECT_EQ(config.limits.body_wire_bytes, 64ull << 30);
}

TEST(SetByNameTest, TextIntegersMustBeFullyNumeric) {
  for (const char* text : {"", " 80", "80 ", "80x", "+80", "0x50", "8e1", "80.0", "-", "eighty"}) {
    Config config;
    Status status = SetByName("server.port", text, config);
    ASSERT_FALSE(status.ok()) << '"' << text << '"';
    EXPECT_EQ(
        status.message(),
        std::string("server.port: expected an integer from 0 to 65535, got \"") + text + "\"");
    EXPECT_EQ(config.server.port, Config{}.server.port);
  }
}

TEST(SetByNameTest, SizeSuffixesAreExact) {
  for (const char* text : {"1 MiB", "1MB", "1M", "1mib", "MiB", "1.5MiB", "1KiBKiB"}) {
    Config config;
    EXPECT_FALSE(SetByName("limits.bodyWireBytes", text, config).ok()) << text;
  }
}

TEST(SetByNameTest, SuffixesAreOnlyForSizes) {
  Config config;
  EXPECT_FALSE(SetByName("limits.maxRecords", "1KiB", config).ok());
}

TEST(SetByNameTest, OverflowIsOutOfRange) {
  Config config;
  Status status = SetByName("limits.maxRecords", "99999999999999999999", config);
  EXPECT_TRUE(Contains(status.message(), "which is out of range"));
  status = SetByName("limits.bodyWireBytes", "9999999999999GiB", config);
  EXPECT_TRUE(Contains(status.message(), "which is out of range"));
}

TEST(SetByNameTest, UnknownKeySuggestsTheClosest) {
  Config config;
  Status status = SetByName("server.maxConnection", "5", config);
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_EQ(status.message(),
            "unknown key \"server.maxConnection\" (did you mean \"server.maxConnections\"?)");
  status = SetByName("server", "5", config);
  EXPECT_EQ(status.message_id(), "config-unknown-key");
}

TEST(SetByNameTest, ChoicesAndRequiredStrings) {
  Config config;
  EXPECT_EQ(SetByName("log.format", "yaml", config).message(),
            "log.format: expected \"text\" or \"json\", got \"yaml\"");
  EXPECT_EQ(SetByName("server.host", "", config).message(), "server.host: must not be empty");
  EXPECT_OK(SetByName("server.tlsCertificate", "", config));
}

TEST(SetByNameTest, LongValuesAreShortenedInMessages) {
  Config config;
  Status status = SetByName("log.level", std::string(500, 'x'), config);
  EXPECT_TRUE(Contains(status.message(), std::string(80, 'x') + "...\""));
  EXPECT_LT(status.message().size(), 300u);
}

TEST(SetByNameTest, ShortenedValuesKeepWholeCharacters) {
  Config config;
  // 79 ASCII bytes, then two-byte characters: byte 80 falls inside one of them.
  Status status = SetByName("log.level", std::string(79, 'x') + "\xC3\xA9\xC3\xA9", config);
  EXPECT_TRUE(Contains(status.message(), "got \"" + std::string(79, 'x') + "...\""));
}

TEST(SetByNameTest, EveryDefaultRoundTripsThroughText) {
  const Config defaults;
  Config config;
  config.server.port = 1;
  config.store.data_dir = "elsewhere";
  for (const KeyDoc& doc : DocumentedKeys()) {
    ASSERT_OK(SetByName(doc.name, doc.default_value, config));
  }
  for (const internal::Key& key : internal::Keys()) {
    EXPECT_EQ(internal::ValueText(key, config), internal::ValueText(key, defaults)) << key.name;
  }
}

}  // namespace
}  // namespace inlet::config
