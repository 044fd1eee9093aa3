// JsonEscape: what a JSON log line needs escaped, and nothing more; the text format's
// escaping of control characters, so no message can start a line of its own.
#include "inlet/common/logging.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

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

TEST(EscapeControlCharactersTest, KeepsPrintableTextAndUtf8) {
  EXPECT_EQ(EscapeControlCharacters(""), "");
  EXPECT_EQ(EscapeControlCharacters("GET /api/v1/endpoints 200"), "GET /api/v1/endpoints 200");
  EXPECT_EQ(EscapeControlCharacters("caf\xc3\xa9 \xff"), "caf\xc3\xa9 \xff");
  EXPECT_EQ(EscapeControlCharacters(R"(a\nb "q")"), R"(a\nb "q")");
}

TEST(EscapeControlCharactersTest, EscapesEveryControlByte) {
  EXPECT_EQ(EscapeControlCharacters("a\nb\rc\td"), R"(a\nb\rc\td)");
  EXPECT_EQ(EscapeControlCharacters(std::string("\0", 1)), R"(\x00)");
  EXPECT_EQ(EscapeControlCharacters("\x1b[31m\x7f\x1f"), R"(\x1b[31m\x7f\x1f)");
  for (int c = 0; c < 0x20; ++c) {
    std::string escaped = EscapeControlCharacters(std::string(1, static_cast<char>(c)));
    EXPECT_EQ(escaped.find_first_of(std::string("\0\n\r", 3)), std::string::npos) << c;
    EXPECT_EQ(escaped.front(), '\\') << c;
  }
}

TEST(TextLogFormatTest, AMessageWithLineBreaksIsOneLine) {
  ASSERT_TRUE(ConfigureLogging("info", LogFormat::kText).ok());
  ::testing::internal::CaptureStderr();
  spdlog::info("GET /x\n2030-01-01T00:00:00.000 info forged\r\n 404");
  spdlog::default_logger()->flush();
  std::string written = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(written.empty());
  // One line: the only line break is the one that ends it.
  EXPECT_EQ(written.find('\n'), written.size() - 1) << written;
  EXPECT_EQ(written.find('\r'), std::string::npos) << written;
  EXPECT_NE(written.find(R"(GET /x\n2030-01-01T00:00:00.000 info forged\r\n 404)"),
            std::string::npos)
      << written;
}

}  // namespace
}  // namespace inlet
