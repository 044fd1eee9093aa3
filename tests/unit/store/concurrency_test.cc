// Many threads calling one store at once, as the server's handlers do.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "inlet/common/crypto.h"
#include "store_test_util.h"

namespace inlet::store::testing {
namespace {

using inlet::testing::TempDir;

TEST(SqliteStoreConcurrency, EightThreadsMixingReadsAndWritesAllSucceed) {
  TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  options.reader_connections = 3;  // fewer than threads, so the pool is contended
  auto store = OpenStore(options);

  constexpr int kThreads = 8;
  constexpr int kRounds = 25;
  std::atomic<int> failures{0};
  std::vector<std::string> errors(kThreads);
  auto check = [&](int thread, const Status& status) {
    if (status.ok()) return;
    ++failures;
    errors[thread] = status.message();
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const std::string suffix = std::to_string(t) + "-" + std::to_string(i);
        // Shared group and per-thread source: find-or-create races on the group.
        Result<Endpoint> created = store->CreateEndpoint(
            MakeEndpoint("E" + suffix, "S" + std::to_string(t % 3), "Shared"));
        check(t, created.status());
        if (created.ok()) {
          check(t, store->GetEndpoint(created->id).status());
          EndpointChanges changes;
          changes.mode = ProcessingMode::kAutomatic;
          check(t, store->UpdateEndpoint(created->id, changes).status());
          if (i % 5 == 0) check(t, store->DeleteEndpoint(created->id, false));
        }
        TokenRecord token;
        token.id = NewUuidV4();
        token.name = "t" + suffix;
        token.secret_hash = Sha256("secret " + suffix);
        token.scopes = {"ingest"};
        check(t, store->InsertToken(token));
        Result<std::optional<TokenRecord>> found = store->FindTokenByHash(token.secret_hash);
        check(t, found.status());
        if (found.ok() && !found->has_value()) check(t, Status::Internal("token not found"));
        check(t, store->ListEndpoints(0, 50).status());
        check(t, store->ListGroups().status());
        check(t, store->ListSources().status());
        check(t, store->CountTokens().status());
        if (i % 10 == 0) check(t, store->CheckWritable());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(errors[t], "") << "thread " << t;
  EXPECT_EQ(*store->CountTokens(), kThreads * kRounds);
  EXPECT_EQ(store->ListGroups()->size(), 1u);
  EXPECT_EQ(store->ListSources()->size(), 3u);
  const size_t deleted_per_thread = (kRounds + 4) / 5;
  EXPECT_EQ(store->ListEndpoints(0, 1000)->size(), kThreads * (kRounds - deleted_per_thread));
}

}  // namespace
}  // namespace inlet::store::testing

namespace inlet::store::testing {
namespace {

// SPEC §8: the admission look-ups a socket thread makes (the token by its hash, the
// endpoint by its id) never wait for a reader while slow reads hold every one.
TEST(SqliteStoreConcurrency, AdmissionLookupsDoNotWaitBehindSlowReads) {
  inlet::testing::TempDir dir;
  SqliteOptions options = OptionsIn(dir);
  options.reader_connections = 1;
  auto store = OpenStore(options);
  Result<Endpoint> endpoint = store->CreateEndpoint(MakeEndpoint("E", "S", "G"));
  ASSERT_TRUE(endpoint.ok());
  TokenRecord token;
  token.id = NewUuidV4();
  token.name = "t";
  token.secret_hash = Sha256("secret");
  token.scopes = {"ingest"};
  ASSERT_TRUE(store->InsertToken(token).ok());

  // A read that holds the only pooled reader for seconds: many point look-ups.
  std::vector<int64_t> seqs(100'000);
  for (size_t i = 0; i < seqs.size(); ++i) seqs[i] = static_cast<int64_t>(i) + 1;
  std::atomic<bool> slow_done{false};
  std::thread slow([&] {
    EXPECT_TRUE(store->GetRecords(endpoint->key, seqs).ok());
    slow_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_FALSE(slow_done) << "the slow read was not slow enough to hold the reader";
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(store->FindTokenByHash(token.secret_hash).ok());
    ASSERT_TRUE(store->GetEndpoint(endpoint->id).ok());
  }
  EXPECT_FALSE(slow_done) << "the look-ups waited for the slow read";
  slow.join();
}

}  // namespace
}  // namespace inlet::store::testing
