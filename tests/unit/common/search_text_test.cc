// What preview search reads of a record and the words it matches (search_text.h).
#include "inlet/common/search_text.h"

#include <gtest/gtest.h>

namespace inlet {
namespace {

using Words = std::vector<std::string>;

TEST(SearchableTextTest, ValuesOnlyNotNamesNullsOrBooleans) {
  EXPECT_EQ(SearchableText(R"({"name":"Ann \"A\"","age":42,"vip":true,"note":null,"tags":["x"]})"),
            R"(Ann \"A\" 42 ["x"] )");
  EXPECT_EQ(SearchableText("[1,2]"), "");
}

TEST(SearchWordsTest, FoldsCaseAndLatinAccentsAndSplitsOnAsciiPunctuation) {
  EXPECT_EQ(SearchWords("Åse Øvrebø, ann@Example.COM; Zoë-ĳsselmeer"),
            (Words{"ann", "ase", "com", "example", "ovrebo", "zoe", "ĳsselmeer"}));
}

TEST(SearchWordsTest, DistinctAndSorted) {
  EXPECT_EQ(SearchWords("b a B A a"), (Words{"a", "b"}));
  EXPECT_TRUE(SearchWords("  ,;.  ").empty());
}

TEST(SearchWordsTest, ControlCharactersSeparateAndOtherScriptsStayAsSent) {
  EXPECT_EQ(SearchWords(std::string("bergen\0ase\x01oslo\x7f", 15)),
            (Words{"ase", "bergen", "oslo"}));
  EXPECT_EQ(SearchWords("Привет мир 東京"), (Words{"Привет", "мир", "東京"}));
}

TEST(SearchWordsTest, BytesThatAreNotUtf8StayInTheirWord) {
  EXPECT_EQ(SearchWords("ab\xff"
                        "cd"),
            (Words{"ab\xff"
                   "cd"}));
}

}  // namespace
}  // namespace inlet
