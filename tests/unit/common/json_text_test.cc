#include "inlet/common/json_text.h"

#include <gtest/gtest.h>

#include <string>

namespace inlet {
namespace {

TEST(ReadUnicodeEscapeTest, OneEscapeIsOneCodePoint) {
  EXPECT_EQ(ReadUnicodeEscape("\\u00e9 and more").code_point, U'é');
  EXPECT_EQ(ReadUnicodeEscape("\\u00E9").length, 6u);
}

TEST(ReadUnicodeEscapeTest, ASurrogatePairIsOneCodePointOfTwelveBytes) {
  UnicodeEscape escape = ReadUnicodeEscape("\\ud83d\\ude00!");
  EXPECT_EQ(escape.code_point, U'\U0001F600');
  EXPECT_EQ(escape.length, 12u);
}

TEST(ReadUnicodeEscapeTest, ALoneSurrogateIsTheReplacementCharacter) {
  for (const char* text : {"\\ud83d", "\\ud83d\\u0041", "\\ude00", "\\ud83dx"}) {
    UnicodeEscape escape = ReadUnicodeEscape(text);
    EXPECT_EQ(escape.code_point, U'\uFFFD') << text;
    EXPECT_EQ(escape.length, 6u) << text;
    EXPECT_TRUE(escape.lone_surrogate) << text;
  }
  // The replacement character sent as itself is not a lone surrogate.
  EXPECT_FALSE(ReadUnicodeEscape("\\ufffd").lone_surrogate);
  EXPECT_FALSE(ReadUnicodeEscape("\\ud83d\\ude00").lone_surrogate);
}

TEST(ReadUnicodeEscapeTest, AnythingElseIsNoEscape) {
  for (const char* text : {"", "\\", "\\u", "\\u12", "\\u12g4", "\\n0000", "u0041"}) {
    EXPECT_EQ(ReadUnicodeEscape(text).length, 0u) << text;
  }
}

TEST(AppendJsonStringTest, EscapesQuotesBackslashesAndControlCharactersOnly) {
  std::string out;
  AppendJsonString(out, std::string("a\"b\\c\x01\x1f\n\t", 9) + "é/");
  EXPECT_EQ(out, R"("a\"b\\c\u0001\u001f\n\té/")");
}

}  // namespace
}  // namespace inlet
