#include "ingest/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace inlet::ingest {
namespace {

// Decodes all of `bytes`: code points, with 0xFFFD for each ill-formed subpart.
std::vector<char32_t> Decode(const std::string& bytes) {
  std::vector<char32_t> out;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    const Utf8Step step = DecodeUtf8(p, end);
    out.push_back(step.valid ? step.code_point : kReplacementChar);
    p += step.length;
  }
  return out;
}

TEST(Utf8Test, DecodesWellFormedSequences) {
  EXPECT_EQ(Decode("a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E"),
            (std::vector<char32_t>{'a', 0xE9, 0x20AC, 0x1D11E}));
  EXPECT_EQ(Decode("\xF4\x8F\xBF\xBF"), (std::vector<char32_t>{0x10FFFF}));
  EXPECT_EQ(Decode("\xEF\xBF\xBF"), (std::vector<char32_t>{0xFFFF}));
}

TEST(Utf8Test, ReplacesEachMaximalSubpartOnce) {
  const char32_t r = kReplacementChar;
  EXPECT_EQ(Decode("\xFF"), (std::vector<char32_t>{r}));
  EXPECT_EQ(Decode("\x81"), (std::vector<char32_t>{r}));
  // Overlong forms: C0 and C1 are never valid; E0 80 needs E0 A0..BF.
  EXPECT_EQ(Decode("\xC0\xAF"), (std::vector<char32_t>{r, r}));
  EXPECT_EQ(Decode("\xE0\x80\x80"), (std::vector<char32_t>{r, r, r}));
  // A surrogate encoded in UTF-8.
  EXPECT_EQ(Decode("\xED\xA0\x80"), (std::vector<char32_t>{r, r, r}));
  // Above U+10FFFF.
  EXPECT_EQ(Decode("\xF4\x90\x80\x80"), (std::vector<char32_t>{r, r, r, r}));
  EXPECT_EQ(Decode("\xF5\x80"), (std::vector<char32_t>{r, r}));
  // A truncated sequence is one subpart, and the byte after it is read on its own.
  EXPECT_EQ(Decode("\xE6\x97"), (std::vector<char32_t>{r}));
  EXPECT_EQ(Decode("\xE6\x97"
                   "a"),
            (std::vector<char32_t>{r, 'a'}));
  EXPECT_EQ(Decode("\xF0\x9D\x84"
                   "\""),
            (std::vector<char32_t>{r, '"'}));
  EXPECT_EQ(Decode("\xE0\xFF"), (std::vector<char32_t>{r, r}));
}

TEST(Utf8Test, AppendsEveryLength) {
  std::string out;
  for (char32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) AppendUtf8(out, cp);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST(Utf8Test, KnowsTheXmlCharacterSet) {
  EXPECT_TRUE(IsXmlChar('\t'));
  EXPECT_TRUE(IsXmlChar('\n'));
  EXPECT_TRUE(IsXmlChar('\r'));
  EXPECT_TRUE(IsXmlChar(' '));
  EXPECT_TRUE(IsXmlChar(0x7F));
  EXPECT_TRUE(IsXmlChar(0xFFFD));
  EXPECT_TRUE(IsXmlChar(0x10FFFF));
  EXPECT_FALSE(IsXmlChar(0));
  EXPECT_FALSE(IsXmlChar(0x1F));
  EXPECT_FALSE(IsXmlChar(0x0B));
  EXPECT_FALSE(IsXmlChar(0xD800));
  EXPECT_FALSE(IsXmlChar(0xDFFF));
  EXPECT_FALSE(IsXmlChar(0xFFFE));
  EXPECT_FALSE(IsXmlChar(0xFFFF));
}

TEST(Utf8Test, KnowsLatinLetters) {
  for (char32_t c : {U'a', U'Z', U'é', U'Ø', U'ß', U'ÿ', U'ª', U'Ā', U'ž', U'ƒ', U'ɐ', U'ẞ', U'ỹ',
                     U'Ⱡ', U'Ꜳ', U'ꬰ', U'Ａ', U'ｚ'}) {
    EXPECT_TRUE(IsLatinLetter(c)) << static_cast<unsigned>(c);
  }
  for (char32_t c : {U'1', U'_', U'×', U'÷', U'µ', U'Ж', U'α', U'ع', U'中', U'€', char32_t{0xFFFD},
                     char32_t{0x301}, U'ʰ'}) {
    EXPECT_FALSE(IsLatinLetter(c)) << static_cast<unsigned>(c);
  }
}

TEST(Utf8Test, KnowsWhiteSpace) {
  for (char32_t c : {U' ', U'\t', U'\n', U'\r', char32_t{0xA0}, char32_t{0x2003}, char32_t{0x3000},
                     char32_t{0x202F}}) {
    EXPECT_TRUE(IsUnicodeSpace(c)) << static_cast<unsigned>(c);
  }
  for (char32_t c : {U'a', U'_', char32_t{0x200B}, char32_t{0xFEFF}}) {
    EXPECT_FALSE(IsUnicodeSpace(c)) << static_cast<unsigned>(c);
  }
}

}  // namespace
}  // namespace inlet::ingest
