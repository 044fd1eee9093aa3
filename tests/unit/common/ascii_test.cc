// ASCII helpers for protocol words: case folding that ignores the locale and anything
// beyond ASCII, and HTTP's optional white space.
#include "inlet/common/ascii.h"

#include <gtest/gtest.h>

namespace inlet {
namespace {

TEST(AsciiTest, LowersAsciiLettersOnly) {
  EXPECT_EQ(AsciiLower("Content-Type: Application/JSON"), "content-type: application/json");
  EXPECT_EQ(AsciiLower("ÄÖ-Ü"), "ÄÖ-Ü");  // UTF-8 bytes are left as they are
}

TEST(AsciiTest, ComparesIgnoringAsciiCase) {
  EXPECT_TRUE(EqualsIgnoringAsciiCase("Bearer", "bEARER"));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("Bearer", "Bearer "));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("É", "é"));
}

TEST(AsciiTest, TrimsSpacesAndTabsOnly) {
  EXPECT_EQ(TrimSpacesAndTabs(" \t gzip \t"), "gzip");
  EXPECT_EQ(TrimSpacesAndTabs("\r\ngzip\r\n"), "\r\ngzip\r\n");
  EXPECT_EQ(TrimSpacesAndTabs("   "), "");
}

}  // namespace
}  // namespace inlet
