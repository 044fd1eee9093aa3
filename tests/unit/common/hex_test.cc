#include "inlet/common/hex.h"

#include <gtest/gtest.h>

#include <string>

namespace inlet {
namespace {

TEST(HexTest, DigitValuesInEitherCaseAndNothingElse) {
  EXPECT_EQ(HexDigitValue('0'), 0);
  EXPECT_EQ(HexDigitValue('9'), 9);
  EXPECT_EQ(HexDigitValue('a'), 10);
  EXPECT_EQ(HexDigitValue('F'), 15);
  for (char c : std::string("gG/:@`\0 x", 9)) EXPECT_EQ(HexDigitValue(c), -1) << int(c);
}

TEST(HexTest, FourDigitsOrNothing) {
  EXPECT_EQ(ReadHex4("00e9"), 0xE9);
  EXPECT_EQ(ReadHex4("D83Dtail"), 0xD83D);
  EXPECT_EQ(ReadHex4("12"), -1);
  EXPECT_EQ(ReadHex4("12g4"), -1);
}

TEST(HexTest, BytesRoundTripAndReadingStopsWhereTheDigitsDo) {
  const std::string bytes("\x00\x7f\x80\xff", 4);
  const std::string hex = ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  EXPECT_EQ(hex, "007f80ff");
  EXPECT_EQ(BytesFromHex(hex, 16), bytes);
  EXPECT_EQ(BytesFromHex("007F80FF", 2), bytes.substr(0, 2));
  EXPECT_EQ(BytesFromHex("00zz80", 16), std::string(1, '\0'));
  EXPECT_EQ(BytesFromHex("abc", 16), "\xab");
}

TEST(HexTest, AppendsOneByteInTheCaseAskedFor) {
  std::string out;
  AppendHexByte(out, 0xAB);
  AppendHexByte(out, 0x0c, /*upper_case=*/true);
  EXPECT_EQ(out, "ab0C");
}

}  // namespace
}  // namespace inlet
