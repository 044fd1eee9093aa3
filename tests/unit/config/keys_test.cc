// The key table itself: that it covers every field exactly once, that each key's kind
// and bounds fit its field, and that the documented defaults are the spec's.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "config/config_keys.h"
#include "inlet/config/config.h"
#include "test_util.h"

namespace inlet::config {
namespace {

using internal::Key;
using internal::Keys;
using internal::Kind;

// Counts an aggregate's fields by how many initializers it accepts, so that a field
// added to config.h without a key in the table fails this test.
struct AnyField {
  template <typename T>
  operator T() const;  // NOLINT: only used in unevaluated contexts
};

template <typename T, typename... Fields>
constexpr size_t CountFields() {
  if constexpr (requires { T{Fields{}..., AnyField{}}; }) {
    return CountFields<T, Fields..., AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

size_t KeysInSection(const std::string& section) {
  size_t count = 0;
  for (const Key& key : Keys()) count += key.name.starts_with(section + ".");
  return count;
}

TEST(ConfigKeysTest, EveryFieldHasExactlyOneKey) {
  EXPECT_EQ(CountFields<Config>(), 6u);
  EXPECT_EQ(KeysInSection("server"), CountFields<ServerConfig>());
  EXPECT_EQ(KeysInSection("limits"), CountFields<LimitsConfig>());
  EXPECT_EQ(KeysInSection("store"), CountFields<StoreConfig>());
  EXPECT_EQ(KeysInSection("log"), CountFields<LogConfig>());
  EXPECT_EQ(KeysInSection("retention"), CountFields<RetentionConfig>());
  EXPECT_EQ(KeysInSection("processing"), CountFields<ProcessingConfig>());

  Config config;
  std::set<const void*> fields;
  for (const Key& key : Keys()) {
    fields.insert(std::visit([](auto* field) -> const void* { return field; }, key.field(config)));
    // Both accessors must point at the same field.
    EXPECT_EQ(
        std::visit([](const auto* field) -> const void* { return field; }, key.const_field(config)),
        std::visit([](auto* field) -> const void* { return field; }, key.field(config)))
        << key.name;
  }
  EXPECT_EQ(fields.size(), Keys().size()) << "two keys share a field";
}

TEST(ConfigKeysTest, KindAndBoundsFitTheField) {
  Config config;
  for (const Key& key : Keys()) {
    std::visit(
        [&key](auto* field) {
          using T = std::decay_t<decltype(*field)>;
          if constexpr (std::is_same_v<T, std::string>) {
            EXPECT_TRUE(key.kind == Kind::kString || key.kind == Kind::kChoice) << key.name;
          } else {
            EXPECT_TRUE(key.kind == Kind::kInteger || key.kind == Kind::kBytes) << key.name;
            EXPECT_LE(key.min, key.max) << key.name;
            EXPECT_TRUE(std::in_range<T>(key.min)) << key.name;
            EXPECT_TRUE(std::in_range<T>(key.max)) << key.name;
          }
        },
        key.field(config));
    if (key.kind == Kind::kChoice) {
      EXPECT_FALSE(key.choices.empty()) << key.name;
    }
  }
}

TEST(ConfigKeysTest, DefaultsAreValid) { EXPECT_OK(Validate(Config{})); }

TEST(ConfigKeysTest, DefaultsAreTheSpecs) {
  const Config config;
  EXPECT_EQ(config.server.host, "127.0.0.1");
  EXPECT_EQ(config.server.port, 8888);
  EXPECT_EQ(config.server.read_timeout_ms, 30000);
  EXPECT_EQ(config.server.idle_timeout_ms, 60000);
  EXPECT_EQ(config.limits.body_wire_bytes, 64ull << 20);
  EXPECT_EQ(config.limits.body_decoded_bytes, 256ull << 20);
  EXPECT_EQ(config.limits.inflight_body_bytes, 512ull << 20);
  EXPECT_EQ(config.limits.max_records, 100000);
  EXPECT_EQ(config.limits.max_columns, 490);
  EXPECT_EQ(config.limits.max_name_length, 250);
  EXPECT_EQ(config.limits.max_depth, 64);
  EXPECT_EQ(config.limits.max_issues, 1000);
  EXPECT_EQ(config.store.data_dir, "./data");
  EXPECT_EQ(config.retention.days, 30);
  EXPECT_EQ(config.retention.idempotency_hours, 24);
}

TEST(DocumentedKeysTest, ListsEveryKeyInFileOrder) {
  const std::vector<std::string> expected = {"server.host",
                                             "server.port",
                                             "server.threads",
                                             "server.maxConnections",
                                             "server.headerLimitBytes",
                                             "server.readTimeoutMs",
                                             "server.idleTimeoutMs",
                                             "server.headerDeadlineMs",
                                             "server.requestDeadlineMs",
                                             "server.shutdownDeadlineMs",
                                             "server.publicUrl",
                                             "server.corsOrigins",
                                             "server.tlsCertificate",
                                             "server.tlsPrivateKey",
                                             "server.tlsMinVersion",
                                             "server.tlsClientCa",
                                             "limits.bodyWireBytes",
                                             "limits.bodyDecodedBytes",
                                             "limits.inflightBodyBytes",
                                             "limits.maxRecords",
                                             "limits.maxColumns",
                                             "limits.maxNameLength",
                                             "limits.maxDepth",
                                             "limits.maxIssues",
                                             "limits.profileFields",
                                             "limits.pageBytes",
                                             "limits.changeWaits",
                                             "limits.exports",
                                             "store.backend",
                                             "store.postgresUrl",
                                             "store.poolSize",
                                             "store.dataDir",
                                             "store.synchronous",
                                             "store.busyTimeoutMs",
                                             "log.level",
                                             "log.format",
                                             "retention.days",
                                             "retention.idempotencyHours",
                                             "retention.changesDays",
                                             "processing.startDelayMs",
                                             "processing.sliceMs",
                                             "processing.leaseMs"};
  std::vector<std::string> names;
  for (const KeyDoc& doc : DocumentedKeys()) {
    names.push_back(doc.name);
    EXPECT_TRUE(doc.type == "string" || doc.type == "integer") << doc.name;
    EXPECT_FALSE(doc.doc.empty()) << doc.name;
    EXPECT_EQ(doc.doc.find('\n'), std::string::npos) << doc.name;
  }
  EXPECT_EQ(names, expected);
}

TEST(DocumentedKeysTest, CarriesTypeDefaultAndAllowedValues) {
  std::map<std::string, KeyDoc> by_name;
  for (KeyDoc& doc : DocumentedKeys()) by_name[doc.name] = doc;

  EXPECT_EQ(by_name["server.port"].type, "integer");
  EXPECT_EQ(by_name["server.port"].default_value, "8888");
  EXPECT_TRUE(Contains(by_name["server.port"].doc, "Allowed: 0 to 65535."));
  EXPECT_EQ(by_name["server.host"].type, "string");
  EXPECT_EQ(by_name["server.host"].default_value, "127.0.0.1");
  EXPECT_EQ(by_name["server.publicUrl"].default_value, "");
  EXPECT_EQ(by_name["limits.bodyWireBytes"].default_value, "67108864");
  EXPECT_TRUE(Contains(by_name["limits.inflightBodyBytes"].doc, "Allowed: 1 MiB to 64 GiB"));
  EXPECT_EQ(by_name["store.synchronous"].type, "string");
  EXPECT_TRUE(Contains(by_name["store.synchronous"].doc, "One of: full, normal."));
  EXPECT_TRUE(Contains(by_name["store.dataDir"].doc, "Must not be empty."));
}

TEST(ConfigKeysTest, EnvironmentNamesAreUpperSnakeAndUnique) {
  EXPECT_EQ(internal::EnvironmentName(*internal::FindKey("server.port")), "INLET_SERVER_PORT");
  EXPECT_EQ(internal::EnvironmentName(*internal::FindKey("server.maxConnections")),
            "INLET_SERVER_MAX_CONNECTIONS");
  EXPECT_EQ(internal::EnvironmentName(*internal::FindKey("store.dataDir")), "INLET_STORE_DATA_DIR");
  EXPECT_EQ(internal::EnvironmentName(*internal::FindKey("server.tlsPrivateKey")),
            "INLET_SERVER_TLS_PRIVATE_KEY");
  EXPECT_EQ(internal::EnvironmentName(*internal::FindKey("retention.idempotencyHours")),
            "INLET_RETENTION_IDEMPOTENCY_HOURS");
  std::set<std::string> names;
  for (const Key& key : Keys()) names.insert(internal::EnvironmentName(key));
  EXPECT_EQ(names.size(), Keys().size());
  EXPECT_EQ(names.count("INLET_CONFIG"), 0u);
}

TEST(ConfigKeysTest, FindKey) {
  EXPECT_NE(internal::FindKey("log.level"), nullptr);
  EXPECT_EQ(internal::FindKey("log"), nullptr);
  EXPECT_EQ(internal::FindKey("log.Level"), nullptr);
}

TEST(ConfigKeysTest, FormatBytes) {
  EXPECT_EQ(internal::FormatBytes(1), "1 B");
  EXPECT_EQ(internal::FormatBytes(1000), "1000 B");
  EXPECT_EQ(internal::FormatBytes(1024), "1 KiB");
  EXPECT_EQ(internal::FormatBytes(1536), "1536 B");
  EXPECT_EQ(internal::FormatBytes(64ull << 20), "64 MiB");
  EXPECT_EQ(internal::FormatBytes(2048ull << 20), "2 GiB");
}

TEST(SuggestTest, EditDistance) {
  EXPECT_EQ(internal::EditDistance("", ""), 0u);
  EXPECT_EQ(internal::EditDistance("port", "port"), 0u);
  EXPECT_EQ(internal::EditDistance("prot", "port"), 2u);
  EXPECT_EQ(internal::EditDistance("servr", "server"), 1u);
  EXPECT_EQ(internal::EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(internal::EditDistance("", "abc"), 3u);
}

TEST(SuggestTest, SuggestsOnlyWithinTwoEdits) {
  const std::vector<std::string> names = {"server.port", "server.host"};
  EXPECT_EQ(internal::DidYouMean("server.prot", names), " (did you mean \"server.port\"?)");
  EXPECT_EQ(internal::DidYouMean("server.hosts", names), " (did you mean \"server.host\"?)");
  EXPECT_EQ(internal::DidYouMean("server.banana", names), "");
}

}  // namespace
}  // namespace inlet::config
