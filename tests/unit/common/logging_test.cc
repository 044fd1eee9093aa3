// JsonEscape: what a JSON log line needs escaped, and nothing more.
#include "inlet/common/logging.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace inlet {
namespace {

TEST(JsonEscapeTest, LeavesPlainTextAlone) {
  EXPECT_EQ(JsonEscape(""), "");
  EXPECT_EQ(JsonEscape("hello, world / 100%"), "hello, world / 100%");
  // UTF-8 passes through byte for byte; JSON allows it unescaped.
  EXPECT_EQ(JsonEscape("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac");
  EXPECT_EQ(JsonEscape("\x7f"), "\x7f");
}

TEST(JsonEscapeTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(JsonEscape(R"(say "hi")"), R"(say \"hi\")");
  EXPECT_EQ(JsonEscape(R"(C:\path\)"), R"(C:\\path\\)");
  EXPECT_EQ(JsonEscape(R"(\")"), R"(\\\")");
}

TEST(JsonEscapeTest, EscapesControlCharacters) {
  EXPECT_EQ(JsonEscape("a\nb\rc\td"), R"(a\nb\rc\td)");
  EXPECT_EQ(JsonEscape(std::string("\0", 1)), R"(\u0000)");
  EXPECT_EQ(JsonEscape("\x01"), R"(\u0001)");
  EXPECT_EQ(JsonEscape("\x08"), R"(\b)");
  EXPECT_EQ(JsonEscape("\x0c"), R"(\f)");
  EXPECT_EQ(JsonEscape("\x1b[31m"), R"(\u001b[31m)");
  EXPECT_EQ(JsonEscape("\x1f"), R"(\u001f)");
  EXPECT_EQ(JsonEscape(" "), " ");
}

TEST(JsonEscapeTest, EveryByteRoundTripsThroughAJsonParser) {
  // Whatever a client puts in a message, the log line must stay one valid JSON string.
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  nlohmann::json parsed = nlohmann::json::parse("\"" + JsonEscape(all) + "\"");
  EXPECT_EQ(parsed.get<std::string>(), all);
}

}  // namespace
}  // namespace inlet
