#include "processing/json_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace inlet::processing {
namespace {

TEST(JsonTextTest, EmptyValues) {
  EXPECT_TRUE(IsEmptyValue("null"));
  EXPECT_TRUE(IsEmptyValue("\"\""));
  EXPECT_FALSE(IsEmptyValue("\" \""));
  EXPECT_FALSE(IsEmptyValue("0"));
  EXPECT_FALSE(IsEmptyValue("[]"));
}

TEST(JsonTextTest, DecodesStrings) {
  EXPECT_EQ(DecodeJsonString(R"("a\"b\\c\/d\b\f\n\r\t")"), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(DecodeJsonString(R"("\u0041\u00e9\u20ac\ud83d\ude00")"),
            "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(DecodeJsonString(R"("\ud83d!")"), "\xEF\xBF\xBD!");  // lone surrogate
  EXPECT_EQ(DecodeJsonString(R"("\ude00")"), "\xEF\xBF\xBD");
  EXPECT_EQ(DecodeJsonString("42"), "42");
}

TEST(JsonTextTest, ValueText) {
  EXPECT_EQ(ValueText("null"), "");
  EXPECT_EQ(ValueText(R"("x")"), "x");
  EXPECT_EQ(ValueText("1.50"), "1.50");
  EXPECT_EQ(ValueText(R"([1,"a"])"), R"([1,"a"])");
}

TEST(JsonTextTest, ArrayElements) {
  std::vector<std::string> seen;
  EXPECT_TRUE(ForEachArrayElement(R"([1,"a,b",[2,3],{"k":"]"},null])",
                                  [&](std::string_view e) { seen.emplace_back(e); }));
  EXPECT_EQ(seen, (std::vector<std::string>{"1", R"("a,b")", "[2,3]", R"({"k":"]"})", "null"}));
  seen.clear();
  EXPECT_TRUE(ForEachArrayElement("[ 1 , 2 ]", [&](std::string_view e) { seen.emplace_back(e); }));
  EXPECT_EQ(seen, (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(ForEachArrayElement("[]", [&](std::string_view) { FAIL(); }));
  EXPECT_FALSE(ForEachArrayElement(R"("[1]")", [&](std::string_view) { FAIL(); }));
}

}  // namespace
}  // namespace inlet::processing
