// Which answers `inlet post` retries, and how long it waits.
#include "inlet/cli/retry_policy.h"

#include <gtest/gtest.h>

namespace inlet::cli {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, RetriesWhatATryLaterCanFix) {
  for (int status : {0, 429, 502, 503, 504}) EXPECT_TRUE(ShouldRetry(status, "")) << status;
  EXPECT_TRUE(ShouldRetry(409, "idempotency-key-in-flight"));
}

TEST(RetryPolicyTest, NeverRetriesWhatTheSameRequestWouldGetAgain) {
  for (int status : {200, 400, 401, 403, 404, 413, 415, 422, 500}) {
    EXPECT_FALSE(ShouldRetry(status, "")) << status;
  }
  EXPECT_FALSE(ShouldRetry(409, "mapping-incomplete"));
}

TEST(RetryPolicyTest, RefusalsTheServerPacesAreNotFailures) {
  EXPECT_TRUE(PacedByServer(503, "1"));
  EXPECT_TRUE(PacedByServer(429, "5"));
  EXPECT_TRUE(PacedByServer(409, "1"));
  EXPECT_FALSE(PacedByServer(503, ""));  // a proxy's 503 says nothing of when
  EXPECT_FALSE(PacedByServer(0, ""));
  EXPECT_FALSE(PacedByServer(502, "1"));
}

TEST(RetryPolicyTest, RetryAfterInSecondsIsHonoured) {
  EXPECT_EQ(RetryWait(1, "2", 0.0), milliseconds(2000));
  EXPECT_EQ(RetryWait(5, "2", 0.0), milliseconds(2000));
  EXPECT_EQ(RetryWait(1, "0", 0.5), milliseconds(0));
  EXPECT_EQ(RetryWait(1, "86400", 0.0), kMaxRetryWait);
}

TEST(RetryPolicyTest, WithoutRetryAfterTheWaitDoublesUpToHalfAMinute) {
  EXPECT_EQ(RetryWait(1, "", 0.0), milliseconds(500));
  EXPECT_EQ(RetryWait(2, "", 0.0), milliseconds(1000));
  EXPECT_EQ(RetryWait(3, "Wed, 21 Oct 2026 07:28:00 GMT", 0.0), milliseconds(2000));
  EXPECT_EQ(RetryWait(7, "", 0.0), milliseconds(30000));
  EXPECT_EQ(RetryWait(100, "", 0.0), milliseconds(30000));
}

TEST(RetryPolicyTest, JitterAddsAtMostAQuarter) {
  EXPECT_EQ(RetryWait(1, "4", 0.999), milliseconds(4999));
  EXPECT_EQ(RetryWait(2, "", 0.5), milliseconds(1125));
}

}  // namespace
}  // namespace inlet::cli
