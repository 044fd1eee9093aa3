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

  // A read that holds the only pooled reader for a while: many point look-ups, more
  // on a machine fast enough to finish them before the look-ups below begin.
  using Clock = std::chrono::steady_clock;
  for (size_t count = 100'000; count <= 6'400'000; count *= 4) {
    std::vector<int64_t> seqs(count);
    for (size_t i = 0; i < seqs.size(); ++i) seqs[i] = static_cast<int64_t>(i) + 1;
    std::atomic<bool> slow_done{false};
    const Clock::time_point slow_start = Clock::now();
    Clock::time_point slow_end;
    std::thread slow([&] {
      EXPECT_TRUE(store->GetRecords(endpoint->key, seqs).ok());
      slow_end = Clock::now();
      slow_done = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (slow_done) {
      slow.join();
      continue;
    }
    const Clock::time_point lookups_start = Clock::now();
    for (int i = 0; i < 100; ++i) {
      EXPECT_TRUE(store->FindTokenByHash(token.secret_hash).ok());
      EXPECT_TRUE(store->GetEndpoint(endpoint->id).ok());
    }
    const auto lookups = Clock::now() - lookups_start;
    slow.join();
    // Waiting for the reader would have taken the rest of the slow read.
    EXPECT_LT(lookups, (slow_end - lookups_start) / 2)
        << "the look-ups waited for the slow read (it took "
        << std::chrono::duration_cast<std::chrono::milliseconds>(slow_end - slow_start).count()
        << " ms)";
    return;
  }
  FAIL() << "no read was slow enough to hold the reader";
}

}  // namespace
}  // namespace inlet::store::testing
