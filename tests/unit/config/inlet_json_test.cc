// The shipped config/inlet.json: it must load, say exactly the defaults, list every key
// and nothing else, and carry each key's documentation as the comment above it.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "config/config_keys.h"
#include "inlet/config/config.h"
#include "support/temp_dir.h"
#include "test_util.h"

namespace inlet::config {
namespace {

const char kPath[] = INLET_SOURCE_DIR "/config/inlet.json";

TEST(InletJsonTest, LoadsWithoutError) {
  Config config;
  ASSERT_OK(LoadFile(kPath, config));
  EXPECT_OK(Validate(config));
}

TEST(InletJsonTest, YieldsExactlyTheDefaults) {
  // Start from values no key has by default, so a key missing from the file shows.
  Config config;
  for (const internal::Key& key : internal::Keys()) {
    std::visit(
        [](auto* field) {
          if constexpr (std::is_same_v<std::decay_t<decltype(*field)>, std::string>) {
            *field = "not the default";
          } else {
            *field = 77;
          }
        },
        key.field(config));
  }
  ASSERT_OK(LoadFile(kPath, config));
  const Config defaults;
  for (const internal::Key& key : internal::Keys()) {
    EXPECT_EQ(internal::ValueText(key, config), internal::ValueText(key, defaults)) << key.name;
  }
}

TEST(InletJsonTest, HasEveryDocumentedKeyAndNoOther) {
  const std::string text = inlet::testing::ReadFile(kPath);
  const nlohmann::json root = nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  ASSERT_TRUE(root.is_object());

  std::set<std::string> in_file;
  std::map<std::string, nlohmann::json> values;
  for (const auto& [section, body] : root.items()) {
    ASSERT_TRUE(body.is_object()) << section;
    for (const auto& [name, value] : body.items()) {
      in_file.insert(section + "." + name);
      values[section + "." + name] = value;
    }
  }
  std::set<std::string> documented;
  for (const KeyDoc& doc : DocumentedKeys()) {
    documented.insert(doc.name);
    ASSERT_TRUE(values.count(doc.name)) << doc.name << " is missing from " << kPath;
    // Written in the file as the plain JSON type --help reports.
    const nlohmann::json& value = values[doc.name];
    if (doc.type == "integer") {
      EXPECT_TRUE(value.is_number_integer()) << doc.name;
      EXPECT_EQ(value.dump(), doc.default_value) << doc.name;
    } else {
      ASSERT_TRUE(value.is_string()) << doc.name;
      EXPECT_EQ(value.get<std::string>(), doc.default_value) << doc.name;
    }
  }
  EXPECT_EQ(in_file, documented);
}

// The `//` lines directly above each key, joined with single spaces, must be the
// key's documentation, so the file and `inlet --help` cannot drift apart.
TEST(InletJsonTest, CommentAboveEachKeyIsItsDocumentation) {
  const std::regex section_line(R"re(^\s*"(\w+)"\s*:\s*\{\s*$)re");
  const std::regex key_line(R"re(^\s*"(\w+)"\s*:)re");
  const std::regex comment_line(R"re(^\s*//\s?(.*)$)re");

  std::map<std::string, std::string> comments;  // dotted key -> joined comment
  std::istringstream lines(inlet::testing::ReadFile(kPath));
  std::string line;
  std::string section;
  std::string comment;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (std::regex_match(line, match, comment_line)) {
      std::string text = match[1];
      comment += (comment.empty() || text.empty() ? "" : " ") + text;
    } else if (std::regex_match(line, match, section_line)) {
      section = match[1];
      comment.clear();
    } else if (std::regex_search(line, match, key_line)) {
      comments[section + "." + std::string(match[1])] = comment;
      comment.clear();
    } else {
      comment.clear();
    }
  }
  for (const KeyDoc& doc : DocumentedKeys()) {
    ASSERT_TRUE(comments.count(doc.name)) << doc.name;
    EXPECT_EQ(comments[doc.name], doc.doc) << "the comment above " << doc.name << " in " << kPath
                                           << " differs from its doc in config_keys.cc";
  }
}

}  // namespace
}  // namespace inlet::config
