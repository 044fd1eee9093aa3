// Fitting server.maxConnections to the file descriptor limit (SPEC §8).
#include "http/descriptor_limit.h"

#include <gtest/gtest.h>

namespace inlet::http {
namespace {

constexpr uint64_t kOthers = kDescriptorsBesidesConnections;

TEST(DescriptorLimitTest, EnoughDescriptorsChangeNothing) {
  DescriptorPlan plan = PlanDescriptors(1000, 1000 + kOthers, 4096);
  EXPECT_FALSE(plan.raised);
  EXPECT_FALSE(plan.lowered);
  EXPECT_EQ(plan.max_connections, 1000);
}

TEST(DescriptorLimitTest, TheSoftLimitIsRaisedAsFarAsNeeded) {
  DescriptorPlan plan = PlanDescriptors(10000, 1024, 1048576);
  EXPECT_TRUE(plan.raised);
  EXPECT_FALSE(plan.lowered);
  EXPECT_EQ(plan.soft_limit, 10000 + kOthers);
  EXPECT_EQ(plan.max_connections, 10000);
}

TEST(DescriptorLimitTest, BelowTheHardLimitConnectionsAreLowered) {
  // The case of the attack in issue 10: a limit of 256 and 10,000 connections wanted.
  DescriptorPlan plan = PlanDescriptors(10000, 256, 256);
  EXPECT_FALSE(plan.raised);
  EXPECT_TRUE(plan.lowered);
  EXPECT_EQ(plan.max_connections, static_cast<int>(256 - kOthers));

  plan = PlanDescriptors(10000, 256, 4096);
  EXPECT_TRUE(plan.raised);
  EXPECT_EQ(plan.soft_limit, 4096u);
  EXPECT_EQ(plan.max_connections, static_cast<int>(4096 - kOthers));
}

TEST(DescriptorLimitTest, ATinyLimitStillLeavesOneConnection) {
  DescriptorPlan plan = PlanDescriptors(100, 64, 64);
  EXPECT_TRUE(plan.lowered);
  EXPECT_EQ(plan.max_connections, 1);
}

}  // namespace
}  // namespace inlet::http
