// Processing jobs (SPEC §5): the one thread that runs them, in slices between ingestion
// commits, and the hooks the modes need.
//
// - manual: StartProcessJob walks every stored record of the endpoint.
// - automatic: RecordsCommitted schedules a job over the records after the endpoint's
//   watermark, `start_delay_ms` later (so a burst of requests makes one job); the
//   watermark moves in the job's last slice, so records committed but not processed
//   when the server stops are processed after the next start (Start schedules them).
// - bridge: BridgeHook processes a request's records inside its ingestion commit.
//
// A job is stored before it is answered (202) and its counts are saved with every slice,
// so GET /api/v1/jobs/{id} reads the store, on any node. Where several nodes share the
// store (Store::SharedByNodes), an idle node takes over the jobs of a node that died,
// and a stopping node leaves its jobs to the others instead of failing them. One job per endpoint
// at a time; jobs run one after another in the order they were started. A slice (one write
// transaction) runs up to a second while nobody else wants the writer, and ends about
// `slice_target_ms` after it started once an ingestion commit waits, so commits interleave with a
// job.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "inlet/common/metrics.h"
#include "inlet/common/work_queue.h"
#include "inlet/processing/mapping.h"
#include "inlet/store/store.h"

namespace inlet::processing {

struct ProcessorOptions {
  int start_delay_ms = 200;
  int slice_target_ms = 20;            // how long a slice may keep a waiting commit waiting
  MetricsRegistry* metrics = nullptr;  // optional: processing counts for /metrics
};

class Processor {
 public:
  // `store` must outlive this object.
  Processor(store::Store& store, ProcessorOptions options);
  // Stops (see Stop).
  ~Processor();
  Processor(const Processor&) = delete;
  Processor& operator=(const Processor&) = delete;

  // Marks jobs cut off by the last stop failed (when the store refuses that write, the
  // thread retries it every few seconds: start needs no write), schedules automatic
  // endpoints that have records beyond their watermark, and starts the thread.
  Status Start();
  // Stops between slices: a running job ends failed ("interrupted by a stop") and can
  // be started again; queued jobs likewise.
  void Stop();

  // POST …/process. kConflict "mapping-incomplete" or "job-running"; else the job, queued.
  Result<store::Job> StartProcessJob(const store::Endpoint& endpoint);
  // POST …/remove-records, of one receipt when given.
  Result<store::Job> StartRemoveJob(const store::Endpoint& endpoint,
                                    const std::optional<store::Receipt>& receipt);
  // Automatic mode: the endpoint has new records (or a newly complete mapping).
  void RecordsCommitted(int64_t endpoint_key);

  // For a bridge endpoint's receipt: processes its records inside the ingestion commit,
  // and leaves in `counts` what they came to (read once the commit is done).
  // kConflict "mapping-incomplete" when the mapping cannot map records.
  Result<decltype(store::ReceiptToStore::process_in_commit)> BridgeHook(
      const store::Endpoint& endpoint, std::shared_ptr<store::OutcomeCounts> counts);

  // POST /api/v1/entities/{id}/unmerge (SPEC §11): takes the parts of the endpoint's
  // record `record_id` out of the golden record `golden_key` into one of their own and
  // keeps them apart from it (GoldenEngine::Unmerge), as a job of that endpoint that is
  // over when this returns: kConflict "job-running" while another job runs there, and
  // the engine's refusals (the job then ends failed with their message).
  struct UnmergeDone {
    store::Job job;
    std::string entity_id;  // the new golden record
    std::string rule_id;
  };
  Result<UnmergeDone> Unmerge(int64_t golden_key, const store::Endpoint& endpoint,
                              const std::string& record_id);

  // Ok when no job is queued or running on the endpoint; else kConflict "job-running"
  // naming it (a mapping change, clear, removal or mode switch must wait, SPEC §3).
  Status CheckIdle(int64_t endpoint_key);

  // DELETE …?force=true: takes every part of the endpoint out of its golden records
  // now, on the calling thread. kConflict "job-running" while a job runs.
  Status RemoveAllParts(const store::Endpoint& endpoint);

 private:
  void Loop();
  void Run(store::Job job);
  Status RunProcess(store::Job& job);
  Status RunRemove(store::Job& job, int64_t first_seq, int64_t last_seq);
  void StartAutomatic(int64_t endpoint_key);
  // Runs a job whose node stopped holding it, if the store has one (several nodes).
  void TakeOverOne();
  // Marks the jobs of the last stop failed; false (logged) when the store refused.
  bool MarkInterruptedJobs();
  Result<store::Job> Enqueue(store::Job job);
  void Finish(store::Job& job, const Status& status);
  // Adds a slice's counts to the metrics (when there are any).
  void Count(int64_t created, int64_t merged, int64_t unchanged, int64_t failed, int64_t removed);
  bool stopping();

  store::Store& store_;
  const ProcessorOptions options_;
  std::map<std::string, Counter*> record_counters_;  // by outcome; empty without metrics
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<store::Job> queue_;
  std::map<int64_t, std::chrono::steady_clock::time_point> automatic_due_;
  bool stopping_ = false;
  bool started_ = false;
  // When to try MarkInterruptedJobs() again; empty once it succeeded.
  std::optional<std::chrono::steady_clock::time_point> interrupted_retry_at_;
  std::chrono::steady_clock::time_point next_takeover_check_{};
  std::thread thread_;
  // Maps half of each chunk of a job's records while the job's thread maps the other.
  WorkQueue mapping_helper_{1};
};

}  // namespace inlet::processing
