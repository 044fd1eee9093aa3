#include <gtest/gtest.h>

#include <map>
#include <string>

#include "config/config_keys.h"
#include "inlet/config/config.h"
#include "test_util.h"

namespace inlet::config {
namespace {

TEST(ApplyEnvironmentTest, OverridesKeys) {
  Config config;
  ASSERT_OK(ApplyEnvironment({{"INLET_SERVER_PORT", "9000"},
                              {"INLET_SERVER_MAX_CONNECTIONS", "50"},
                              {"INLET_STORE_DATA_DIR", "/var/lib/inlet"},
                              {"INLET_LIMITS_BODY_WIRE_BYTES", "8MiB"},
                              {"INLET_LOG_LEVEL", "debug"},
                              {"INLET_SERVER_PUBLIC_URL", "https://inlet.example.com"}},
                             config));
  EXPECT_EQ(config.server.port, 9000);
  EXPECT_EQ(config.server.max_connections, 50);
  EXPECT_EQ(config.store.data_dir, "/var/lib/inlet");
  EXPECT_EQ(config.limits.body_wire_bytes, 8ull << 20);
  EXPECT_EQ(config.log.level, "debug");
  EXPECT_EQ(config.server.public_url, "https://inlet.example.com");
  EXPECT_EQ(config.server.threads, Config{}.server.threads);
}

TEST(ApplyEnvironmentTest, IgnoresOtherVariablesAndInletConfigAndTheClients) {
  Config config;
  ASSERT_OK(ApplyEnvironment({{"PATH", "/usr/bin"},
                              {"HOME", "/root"},
                              {"inlet_server_port", "1"},  // the prefix is case-sensitive
                              {"XINLET_SERVER_PORT", "1"},
                              {"INLET_CONFIG", "/etc/inlet.json"},
                              // the command line client's, exported in the same shell
                              {"INLET_URL", "http://127.0.0.1:8888"},
                              {"INLET_TOKEN", "secret"}},
                             config));
  EXPECT_EQ(config.server.port, Config{}.server.port);
}

TEST(ApplyEnvironmentTest, EmptyValueClearsAnOptionalString) {
  Config config;
  config.server.public_url = "https://x.example";
  ASSERT_OK(ApplyEnvironment({{"INLET_SERVER_PUBLIC_URL", ""}}, config));
  EXPECT_EQ(config.server.public_url, "");
}

TEST(ApplyEnvironmentTest, UnknownInletVariableIsAnErrorNamingIt) {
  Config config;
  Status status = ApplyEnvironment({{"INLET_SERVER_PROT", "9000"}}, config);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_TRUE(Contains(status.message(),
                       "unknown environment variable INLET_SERVER_PROT (did you mean "
                       "\"INLET_SERVER_PORT\"?)"));

  status = ApplyEnvironment({{"INLET_SECRET", "x"}}, config);
  EXPECT_EQ(status.message_id(), "config-unknown-key");
  EXPECT_TRUE(Contains(status.message(), "INLET_SECRET"));
  EXPECT_FALSE(Contains(status.message(), "did you mean"));
}

TEST(ApplyEnvironmentTest, DottedOrCamelCaseNamesAreNotAccepted) {
  Config config;
  Status status = ApplyEnvironment({{"INLET_SERVER_MAXCONNECTIONS", "5"}}, config);
  EXPECT_TRUE(Contains(status.message(), "did you mean \"INLET_SERVER_MAX_CONNECTIONS\"?"));
}

TEST(ApplyEnvironmentTest, BadValueNamesVariableAndKeyAndChangesNothing) {
  Config config;
  Status status =
      ApplyEnvironment({{"INLET_LOG_LEVEL", "debug"}, {"INLET_SERVER_PORT", "http"}}, config);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message_id(), "config-invalid-value");
  EXPECT_EQ(status.message(),
            "environment variable INLET_SERVER_PORT: server.port: expected an integer from 0 "
            "to 65535, got \"http\"");
  EXPECT_EQ(config.log.level, Config{}.log.level);
}

TEST(ApplyEnvironmentTest, EveryKeyCanBeSetFromItsVariable) {
  std::map<std::string, std::string> environment;
  const Config defaults;
  for (const internal::Key& key : internal::Keys()) {
    environment[internal::EnvironmentName(key)] = internal::ValueText(key, defaults);
  }
  Config config;
  config.server.port = 1;
  ASSERT_OK(ApplyEnvironment(environment, config));
  EXPECT_EQ(config.server.port, defaults.server.port);
}

}  // namespace
}  // namespace inlet::config
