// UUID text form, version/variant bits and the v7 ordering promise of uuid.h.
#include "inlet/common/uuid.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "inlet/common/time.h"

namespace inlet {
namespace {

// 8-4-4-4-12 lower-case hex, checked character by character so that a wrong dash
// position or an upper-case digit is reported precisely.
bool IsCanonical(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// The 48-bit Unix milliseconds at the front of a v7 UUID.
int64_t TimestampOf(const std::string& uuid) {
  return std::stoll(uuid.substr(0, 8) + uuid.substr(9, 4), nullptr, 16);
}

// The 12-bit rand_a field, which this implementation uses as its in-millisecond counter.
int CounterOf(const std::string& uuid) { return std::stoi(uuid.substr(15, 3), nullptr, 16); }

TEST(UuidV7Test, HasCanonicalFormVersionSevenAndRfcVariant) {
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuidV7();
    ASSERT_TRUE(IsCanonical(id)) << id;
    EXPECT_EQ(id[14], '7') << id;
    // Variant 10xx: the first hex digit of the fourth group is 8, 9, a or b.
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
  }
}

TEST(UuidV7Test, TimestampPrefixIsTheCurrentTime) {
  int64_t before = NowUnixMillis();
  std::string id = NewUuidV7();
  int64_t after = NowUnixMillis();
  // Earlier tests may have pushed the generator a little ahead of the clock when its
  // counter overflowed, so allow a small lead but no lag.
  EXPECT_GE(TimestampOf(id), before) << id;
  EXPECT_LE(TimestampOf(id), after + 100) << id;
}

TEST(UuidV7Test, StrictlyIncreasingAsStringsOverManyCalls) {
  constexpr int kCalls = 100000;
  std::vector<std::string> ids;
  ids.reserve(kCalls);
  for (int i = 0; i < kCalls; ++i) ids.push_back(NewUuidV7());

  int same_millisecond_pairs = 0;
  for (size_t i = 1; i < ids.size(); ++i) {
    ASSERT_LT(ids[i - 1], ids[i]) << "at call " << i;
    if (TimestampOf(ids[i - 1]) == TimestampOf(ids[i])) {
      ++same_millisecond_pairs;
      // Within one millisecond the counter alone must carry the order.
      ASSERT_EQ(CounterOf(ids[i]), CounterOf(ids[i - 1]) + 1) << ids[i - 1] << " " << ids[i];
    }
  }
  // Without this the loop above could pass without ever exercising the counter.
  EXPECT_GT(same_millisecond_pairs, 1000);
}

TEST(UuidV4Test, HasCanonicalFormVersionFourAndRfcVariant) {
  std::string first = NewUuidV4();
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuidV4();
    ASSERT_TRUE(IsCanonical(id)) << id;
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    EXPECT_NE(id, first);
  }
}

TEST(NormalizeUuidTest, AcceptsLowerAndUpperCaseAndLowersIt) {
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"),
            "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");
  EXPECT_EQ(NormalizeUuid("0190A1B2-C3D4-7E5F-8A6B-7C8D9E0F1A2B"),
            "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");
  EXPECT_EQ(NormalizeUuid("0190a1B2-c3D4-7e5F-8A6b-7C8d9E0f1A2b"),
            "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");
}

TEST(NormalizeUuidTest, AcceptsWhatTheGeneratorsMake) {
  std::string v4 = NewUuidV4();
  std::string v7 = NewUuidV7();
  EXPECT_EQ(NormalizeUuid(v4), v4);
  EXPECT_EQ(NormalizeUuid(v7), v7);
}

TEST(NormalizeUuidTest, RejectsWrongLength) {
  EXPECT_EQ(NormalizeUuid(""), std::nullopt);
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2"), std::nullopt);    // 35
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b0"), std::nullopt);  // 37
  EXPECT_EQ(NormalizeUuid("0190a1b2c3d47e5f8a6b7c8d9e0f1a2b"), std::nullopt);       // no dashes
  EXPECT_EQ(NormalizeUuid("{0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b}"), std::nullopt);
}

TEST(NormalizeUuidTest, RejectsNonHexCharacters) {
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2g"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2G"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2 "), std::nullopt);
  EXPECT_EQ(NormalizeUuid(" 190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"), std::nullopt);
  EXPECT_EQ(NormalizeUuid(std::string_view("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2\0", 36)),
            std::nullopt);
}

TEST(NormalizeUuidTest, RejectsDashesInTheWrongPlace) {
  // Same 36 characters, one dash moved by one position.
  EXPECT_EQ(NormalizeUuid("0190a1b-2c3d4-7e5f-8a6b-7c8d9e0f1a2b"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d47-e5f-8a6b-7c8d9e0f1a2b"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f8-a6b-7c8d9e0f1a2b"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b7-c8d9e0f1a2b"), std::nullopt);
  // A hex digit where a dash belongs.
  EXPECT_EQ(NormalizeUuid("0190a1b2ac3d4-7e5f-8a6b-7c8d9e0f1a2b"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f-a2b"), std::nullopt);
}

}  // namespace
}  // namespace inlet
