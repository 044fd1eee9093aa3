// What the store keeps of processing jobs (SPEC §5).
//
// Part of the Store (store.h): every method is safe to call from many threads at once, and
// failures are Status values as store.h describes. Nothing here names SQL or an engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/domain.h"
#include "inlet/common/status.h"

namespace inlet::store {

// A job of SPEC §5 as stored: its counts are saved with every slice it commits.
struct Job {
  int64_t seq = 0;  // filled when read; newer jobs have larger seqs (the list cursor)
  std::string id;   // UUIDv4
  int64_t endpoint_key = 0;
  std::string endpoint_id;  // filled when read
  JobKind kind = JobKind::kProcess;
  JobTrigger trigger = JobTrigger::kManual;
  std::optional<std::string> receipt_id;  // remove-records of one receipt
  JobState state = JobState::kQueued;
  int64_t total = 0, done = 0, created = 0, merged = 0, unchanged = 0, failed = 0, removed = 0;
  std::string message;  // why it failed
  int64_t created_at_ms = 0;
  std::optional<int64_t> finished_at_ms;
};

// kConflict "job-running" naming `job` and where to watch it.
Status JobRunningConflict(const Job& job);

// Processing jobs (SPEC §5). A running job saves its progress with each slice it
// commits (GoldenWriter::SaveJob).
class JobStore {
 public:
  virtual ~JobStore() = default;

  // kConflict "job-running" (naming it) when the endpoint has a queued or running job.
  virtual Status InsertJob(const Job& job) = 0;
  // kNotFound "job-not-found".
  virtual Result<Job> GetJob(const std::string& job_id) = 0;
  virtual Result<std::optional<Job>> ActiveJob(int64_t endpoint_key) = 0;
  // The endpoint's jobs, newest first, strictly older than before_seq when given.
  virtual Result<std::vector<Job>> ListJobs(int64_t endpoint_key, std::optional<int64_t> before_seq,
                                            int limit) = 0;
  // Marks every queued or running job failed (at start: they were cut off by a stop).
  // Where jobs outlive nodes, only those no live node holds.
  virtual Result<int64_t> FailInterruptedJobs(int64_t now_ms, const std::string& message) = 0;

  // --- several nodes (SPEC §12) ---
  // Where several nodes share the store (Store::SharedByNodes), a node holds a lease on
  // each job it queued or runs, renewed while it lives, and a job whose node died or
  // stopped is taken over by another rather than failed at the next start.
  // The oldest queued or running job whose lease ran out, now held by this node, with its
  // counts reset: it starts again from its first record (what its first node committed
  // is found unchanged). nullopt when there is none, and always on a single node.
  virtual Result<std::optional<Job>> TakeOverJob() = 0;
  // Lets go of this node's jobs at a stop, so that another node takes them over at once.
  virtual Status ReleaseJobs() = 0;
};

// kConflict "job-taken-over": the job's lease ran out and another node runs it now
// (GoldenWriter::SaveJob, where several nodes share the store); this node stops working
// on it.
Status JobTakenOver(const Job& job);

}  // namespace inlet::store
