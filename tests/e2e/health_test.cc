// The operations routes of a freshly started server.
#include <gtest/gtest.h>

#include "support/server_process.h"

namespace inlet::testing {
namespace {

TEST(Health, HealthzAndReadyzAnswerWithoutToken) {
  ServerProcess server;
  auto health = server.RequestAs("", "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Json()["status"], "ok");
  auto ready = server.RequestAs("", "GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.Json()["store"]["journalMode"], "wal");
  EXPECT_EQ(ready.Json()["store"]["synchronous"], "full");
}

}  // namespace
}  // namespace inlet::testing
