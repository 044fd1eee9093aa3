// The pure rules of the ingestion use case: which answers are kept for replay, which
// Idempotency-Keys are usable. The whole use case runs in tests/unit/http and tests/e2e.
#include "inlet/usecase/ingest_upload.h"

#include <gtest/gtest.h>

#include <string>

namespace inlet::usecase {
namespace {

TEST(KeptForReplayTest, OnlyWhatTheBodyEarnedIsReplayed) {
  EXPECT_TRUE(KeptForReplay(200));
  EXPECT_TRUE(KeptForReplay(400));
  for (int status : {413, 415, 422, 500, 503, 507}) EXPECT_FALSE(KeptForReplay(status)) << status;
}

TEST(IdempotencyKeyTest, OneTo255VisibleAsciiCharacters) {
  for (const std::string& key : std::initializer_list<std::string>{"a", "order-2026-12-07/42",
                                                                   std::string(255, 'k'), "!~"}) {
    EXPECT_TRUE(CheckIdempotencyKey(key).ok()) << key;
  }
  for (const std::string& key :
       std::initializer_list<std::string>{"", std::string(256, 'k'), "with space", "tab\there",
                                          "caf\xc3\xa9", std::string("nul\0x", 5), "del\x7f"}) {
    Status refused = CheckIdempotencyKey(key);
    EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(refused.message_id(), "invalid-idempotency-key") << key;
  }
}

}  // namespace
}  // namespace inlet::usecase
