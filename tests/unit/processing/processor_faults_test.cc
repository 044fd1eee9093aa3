// The processor under store faults (SPEC §8 "Faults"). Start on a disk that refuses
// writes: a restart on a full disk must not fail because the jobs cut off by the last
// stop cannot be marked yet. A job that throws: it ends failed, and the thread goes on.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "inlet/common/uuid.h"
#include "inlet/processing/processor.h"
#include "inlet/store/sqlite_store.h"
#include "support/faulty_store.h"
#include "support/faulty_vfs.h"
#include "support/temp_dir.h"
#include "unit/store/store_test_util.h"

namespace inlet::processing {
namespace {

TEST(ProcessorFaults, StartOnAFullDiskStartsAndMarksCutOffJobsFailedOnceWritesWork) {
  auto& vfs = testing::FaultyVfs::Install();
  testing::TempDir dir;
  const store::SqliteOptions options = store::testing::OptionsIn(dir);
  std::unique_ptr<store::Store> opened = store::testing::OpenStore(options);
  store::Store& store = *opened;
  auto created = store.CreateEndpoint(store::testing::MakeEndpoint("customers", "CRM", "Sales"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  store::Job job;
  job.id = NewUuidV4();
  job.endpoint_key = created->key;
  job.kind = JobKind::kProcess;
  job.trigger = JobTrigger::kManual;
  job.state = JobState::kRunning;  // as a kill left it
  job.created_at_ms = 1;
  ASSERT_TRUE(store.InsertJob(job).ok());

  vfs.FailWrites(std::filesystem::canonical(options.data_dir).string(), SQLITE_FULL);
  Processor processor(store, {});
  Status started = processor.Start();
  ASSERT_TRUE(started.ok()) << started.message();
  EXPECT_GT(vfs.failed_writes(), 0);
  EXPECT_EQ(store.GetJob(job.id)->state, JobState::kRunning);

  vfs.Heal();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (store.GetJob(job.id)->state == JobState::kRunning &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(store.GetJob(job.id)->state, JobState::kFailed);
  processor.Stop();
}

TEST(ProcessorFaults, AJobThatThrowsEndsFailedAndTheNextOneRuns) {
  testing::TempDir dir;
  std::unique_ptr<store::Store> opened = store::testing::OpenStore(store::testing::OptionsIn(dir));
  auto created = opened->CreateEndpoint(store::testing::MakeEndpoint("customers", "CRM", "Sales"));
  ASSERT_TRUE(created.ok()) << created.status().message();
  testing::FaultyStore faulty(*opened);
  Processor processor(faulty, {});
  ASSERT_TRUE(processor.Start().ok());

  auto wait_until_finished = [&](const std::string& job_id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      auto job = opened->GetJob(job_id);
      if ((job.ok() && (job->state == JobState::kDone || job->state == JobState::kFailed)) ||
          std::chrono::steady_clock::now() > deadline) {
        return job;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  faulty.Throw("GetEndpoint");  // the job's first read
  auto first = processor.StartRemoveJob(*created, std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto failed = wait_until_finished(first->id);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, JobState::kFailed);
  EXPECT_NE(failed->message.find("injected into GetEndpoint"), std::string::npos)
      << failed->message;

  faulty.Fail("", Status::Ok());
  auto second = processor.StartRemoveJob(*created, std::nullopt);
  ASSERT_TRUE(second.ok()) << second.status().message();
  auto done = wait_until_finished(second->id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, JobState::kDone) << done->message;
  processor.Stop();
}

}  // namespace
}  // namespace inlet::processing
