// The retention pruner's thread (SPEC §8: background threads log and recover): a store
// that throws under it must not end the process, which is how this test would fail.
#include "app/retention.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "inlet/store/sqlite_store.h"
#include "support/faulty_store.h"
#include "support/temp_dir.h"

namespace inlet::app {
namespace {

TEST(RetentionPrunerTest, AStoreThatThrowsIsLoggedAndThePrunerGoesOn) {
  testing::TempDir dir;
  store::SqliteOptions options;
  options.data_dir = dir.File("data");
  auto real = store::OpenSqliteStore(options);
  ASSERT_TRUE(real.ok()) << real.status().message();
  testing::FaultyStore faulty(**real);
  faulty.Throw("Prune");
  RetentionPruner pruner(faulty, config::RetentionConfig{});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // it prunes at start
}

}  // namespace
}  // namespace inlet::app
