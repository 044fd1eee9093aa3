// RFC 3339 rendering of Unix milliseconds: always UTC, always three fraction digits.
#include "inlet/common/time.h"

#include <gtest/gtest.h>

#include <chrono>

namespace inlet {
namespace {

TEST(FormatRfc3339MillisTest, EpochIsMidnightJanuaryFirst1970) {
  EXPECT_EQ(FormatRfc3339Millis(0), "1970-01-01T00:00:00.000Z");
}

TEST(FormatRfc3339MillisTest, KnownInstants) {
  EXPECT_EQ(FormatRfc3339Millis(1764128806123), "2025-11-26T03:46:46.123Z");
  EXPECT_EQ(FormatRfc3339Millis(1764128806000), "2025-11-26T03:46:46.000Z");
  EXPECT_EQ(FormatRfc3339Millis(1764128806007), "2025-11-26T03:46:46.007Z");
  // A leap day, to catch an off-by-one in the calendar.
  EXPECT_EQ(FormatRfc3339Millis(951782400999), "2000-02-29T00:00:00.999Z");
}

TEST(FormatRfc3339MillisTest, NegativeMillisAreBeforeTheEpoch) {
  // C++ division truncates towards zero; the fraction must still count forwards.
  EXPECT_EQ(FormatRfc3339Millis(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339Millis(-1000), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(FormatRfc3339Millis(-1001), "1969-12-31T23:59:58.999Z");
  EXPECT_EQ(FormatRfc3339Millis(-1500), "1969-12-31T23:59:58.500Z");
  EXPECT_EQ(FormatRfc3339Millis(-86400000), "1969-12-31T00:00:00.000Z");
}

TEST(NowUnixMillisTest, AgreesWithTheSystemClock) {
  using namespace std::chrono;
  int64_t before = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  int64_t now = NowUnixMillis();
  int64_t after = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace inlet
