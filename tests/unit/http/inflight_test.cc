// The in-flight ceiling as requests hold it (SPEC §8): reservations grow within the
// limit, memory that already exists is counted past it, and everything comes back.
#include "inlet/http/inflight.h"

#include <gtest/gtest.h>

#include <memory>

namespace inlet::http {
namespace {

TEST(InflightTest, ReservationsGrowWithinTheLimitAndGiveEverythingBack) {
  Gauge gauge;
  auto budget = std::make_shared<InflightBudget>(100, gauge);
  {
    Reservation first(budget), second(budget);
    EXPECT_TRUE(first.Resize(60));
    EXPECT_FALSE(second.Resize(41));  // 101 would pass the limit
    EXPECT_EQ(second.bytes(), 0u);
    EXPECT_TRUE(second.Resize(40));
    EXPECT_EQ(budget->held(), 100u);
    EXPECT_EQ(gauge.Value(), 100);
    EXPECT_TRUE(first.Resize(10));  // shrinking always works
    EXPECT_EQ(budget->held(), 50u);
  }
  EXPECT_EQ(budget->held(), 0u);
  EXPECT_EQ(gauge.Value(), 0);
}

TEST(InflightTest, ParsedRecordsCountPastTheLimitAndKeepNewBodiesOut) {
  Gauge gauge;
  auto budget = std::make_shared<InflightBudget>(100, gauge);
  Reservation parsed(budget), next(budget);
  ASSERT_TRUE(parsed.Resize(80));
  parsed.ForceResize(150);  // what parsing made of the body exists already
  EXPECT_EQ(budget->held(), 150u);
  EXPECT_FALSE(next.Resize(1));
  parsed.ForceResize(20);
  EXPECT_TRUE(next.Resize(80));
}

TEST(InflightTest, AReservationOutlivingItsCreatorStillReturnsItsBytes) {
  Gauge gauge;
  auto budget = std::make_shared<InflightBudget>(100, gauge);
  auto held = std::make_shared<Reservation>(budget);
  ASSERT_TRUE(held->Resize(30));
  budget.reset();  // the server is gone; a commit callback still holds the request
  held.reset();
  EXPECT_EQ(gauge.Value(), 0);
}

TEST(InflightTest, AHugeRequestCannotWrapTheCounter) {
  Gauge gauge;
  auto budget = std::make_shared<InflightBudget>(100, gauge);
  Reservation small(budget), huge(budget);
  ASSERT_TRUE(small.Resize(50));
  EXPECT_FALSE(huge.Resize(UINT64_MAX - 10));
  EXPECT_EQ(budget->held(), 50u);
}

}  // namespace
}  // namespace inlet::http
