#include "inlet/processing/processor.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "inlet/common/catch_all.h"
#include "inlet/common/time.h"
#include "inlet/common/uuid.h"
#include "inlet/processing/engine.h"

namespace inlet::processing {
namespace {

using Clock = std::chrono::steady_clock;

// A slice reads and applies records (or takes parts out) in chunks of about half its
// target duration, so it can stop soon after an ingestion commit starts waiting.
constexpr int kFirstChunkRecords = 256;
constexpr int kMaxChunkRecords = 4096;
// An uncontended slice still commits this often, so the job's progress shows.
constexpr int kMaxSliceMs = 1000;
// How often marking the jobs of the last stop failed is tried again when the store
// refused it at start (a full disk).
constexpr auto kInterruptedRetry = std::chrono::seconds(5);
// Where several nodes share the store: how often an idle node looks for a job whose node
// died (its lease ran out).
constexpr auto kTakeOverCheck = std::chrono::seconds(1);

const char kInterrupted[] = "interrupted by a stop; start it again";

// Batches aim at a target duration: grow while they finish early, shrink when late.
int NextBatchSize(int size, Clock::duration took, Clock::duration target, int max_size) {
  if (took < target / 2) return std::min(size * 2, max_size);
  if (took > target * 2) return std::max(size / 2, 16);
  return size;
}

// Whether a slice begun at `started` commits after the chunk just done: at kMaxSliceMs,
// or past its target once another writer waits.
bool SliceIsDone(Clock::time_point started, Clock::duration target, store::GoldenWriter& writer) {
  const auto elapsed = Clock::now() - started;
  return elapsed >= std::chrono::milliseconds(kMaxSliceMs) ||
         (elapsed >= target && writer.OthersWaiting());
}

Result<Mapping> CompleteMapping(const store::Endpoint& endpoint) {
  INLET_ASSIGN_OR_RETURN(auto mapping, ParseMapping(endpoint.mapping_json));
  INLET_RETURN_IF_ERROR(CheckComplete(mapping));
  return mapping;
}

// The endpoint's newest record seq (0 without records).
Result<int64_t> NewestSeq(store::Store& store, int64_t endpoint_key) {
  store::RecordQuery query;
  query.endpoint_key = endpoint_key;
  query.limit = 1;
  INLET_ASSIGN_OR_RETURN(auto newest, store.ListRecords(query));
  return newest.empty() ? 0 : newest.front().seq;
}

// How many of the endpoint's records have a seq in (from, to].
Result<int64_t> CountRecordsBetween(store::Store& store, int64_t endpoint_key, int64_t from,
                                    int64_t to) {
  INLET_ASSIGN_OR_RETURN(auto after_from, store.CountRecordsAfter(endpoint_key, from));
  INLET_ASSIGN_OR_RETURN(auto after_to, store.CountRecordsAfter(endpoint_key, to));
  return after_from - after_to;
}

// Up to `limit` of the endpoint's records with a seq in (after_seq, through_seq], oldest
// first.
Result<std::vector<store::StoredRecord>> ReadChunk(store::Store& store, int64_t endpoint_key,
                                                   int64_t after_seq, int64_t through_seq,
                                                   int limit) {
  store::RecordQuery query;
  query.endpoint_key = endpoint_key;
  query.after_seq = after_seq;
  query.limit = limit;
  INLET_ASSIGN_OR_RETURN(auto records, store.ListRecords(query));
  std::erase_if(records, [&](const store::StoredRecord& r) { return r.seq > through_seq; });
  return records;
}

store::Job NewJob(const store::Endpoint& endpoint, JobKind kind, JobTrigger trigger) {
  store::Job job;
  job.id = NewUuidV4();
  job.endpoint_key = endpoint.key;
  job.endpoint_id = endpoint.id;
  job.kind = kind;
  job.trigger = trigger;
  job.state = JobState::kQueued;
  job.created_at_ms = NowUnixMillis();
  return job;
}

}  // namespace

Processor::Processor(store::Store& store, ProcessorOptions options)
    : store_(store), options_(options) {
  if (options_.metrics == nullptr) return;
  for (const char* outcome : {"created", "merged", "unchanged", "failed", "removed"}) {
    record_counters_[outcome] = &options_.metrics->GetCounter(
        "inlet_processing_records_total",
        "Records processed into golden records, by outcome (removed: parts taken out).",
        {{"outcome", outcome}});
  }
}

void Processor::Count(int64_t created, int64_t merged, int64_t unchanged, int64_t failed,
                      int64_t removed) {
  if (record_counters_.empty()) return;
  record_counters_["created"]->Add(static_cast<uint64_t>(created));
  record_counters_["merged"]->Add(static_cast<uint64_t>(merged));
  record_counters_["unchanged"]->Add(static_cast<uint64_t>(unchanged));
  record_counters_["failed"]->Add(static_cast<uint64_t>(failed));
  record_counters_["removed"]->Add(static_cast<uint64_t>(removed));
}

Processor::~Processor() { Stop(); }

bool Processor::MarkInterruptedJobs() {
  Result<int64_t> failed = CatchAll("mark interrupted jobs", [this] {
    return store_.FailInterruptedJobs(NowUnixMillis(), kInterrupted);
  });
  if (!failed.ok()) {
    spdlog::warn(
        "processing: the jobs cut off by the last stop cannot be marked failed yet ({}); "
        "trying again in {} s",
        failed.status().message(), kInterruptedRetry.count());
    return false;
  }
  if (*failed > 0) {
    spdlog::warn("processing: {} job(s) cut off by the last stop marked failed", *failed);
  }
  return true;
}

Status Processor::Start() {
  // A write, and start must not depend on one (the disk may be full): when it fails, the
  // thread tries again. Meanwhile those jobs still hold their endpoints. Where
  // several nodes share the store, nothing is failed: they are taken over.
  const bool marked = store_.SharedByNodes() || MarkInterruptedJobs();
  int64_t after = 0;
  for (;;) {
    INLET_ASSIGN_OR_RETURN(auto endpoints, store_.ListEndpoints(after, 500));
    if (endpoints.empty()) break;
    for (const auto& endpoint : endpoints) {
      after = endpoint.key;
      if (endpoint.mode != ProcessingMode::kAutomatic) continue;
      INLET_ASSIGN_OR_RETURN(
          auto waiting, store_.CountRecordsAfter(endpoint.key, endpoint.processed_through_seq));
      if (waiting > 0) RecordsCommitted(endpoint.key);
    }
  }
  std::lock_guard lock(mutex_);
  started_ = true;
  if (!marked) interrupted_retry_at_ = Clock::now() + kInterruptedRetry;
  thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void Processor::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::deque<store::Job> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(queue_);
  }
  for (auto& job : left) Finish(job, Status::Unavailable("shutting-down", kInterrupted));
  if (store_.SharedByNodes()) {
    Status released = CatchAll("release jobs", [this] { return store_.ReleaseJobs(); });
    if (!released.ok()) {
      spdlog::warn("processing: this node's jobs are taken over once their leases run out: {}",
                   released.message());
    }
  }
}

bool Processor::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

Result<store::Job> Processor::Enqueue(store::Job job) {
  INLET_RETURN_IF_ERROR(store_.InsertJob(job));
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(job);
  }
  wake_.notify_all();
  return job;
}

Result<store::Job> Processor::StartProcessJob(const store::Endpoint& endpoint) {
  INLET_ASSIGN_OR_RETURN(auto mapping, CompleteMapping(endpoint));
  return Enqueue(NewJob(endpoint, JobKind::kProcess, JobTrigger::kManual));
}

Result<store::Job> Processor::StartRemoveJob(const store::Endpoint& endpoint,
                                             const std::optional<store::Receipt>& receipt) {
  store::Job job = NewJob(endpoint, JobKind::kRemoveRecords, JobTrigger::kManual);
  if (receipt) job.receipt_id = receipt->id;
  return Enqueue(std::move(job));
}

void Processor::RecordsCommitted(int64_t endpoint_key) {
  {
    std::lock_guard lock(mutex_);
    const auto due = Clock::now() + std::chrono::milliseconds(options_.start_delay_ms);
    automatic_due_.try_emplace(endpoint_key, due);
  }
  wake_.notify_all();
}

void Processor::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (interrupted_retry_at_ && *interrupted_retry_at_ <= Clock::now()) {
      lock.unlock();
      const bool marked = MarkInterruptedJobs();
      lock.lock();
      interrupted_retry_at_.reset();
      if (!marked) interrupted_retry_at_ = Clock::now() + kInterruptedRetry;
      continue;
    }
    if (!queue_.empty()) {
      store::Job job = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      Run(std::move(job));
      lock.lock();
      continue;
    }
    if (store_.SharedByNodes() && Clock::now() >= next_takeover_check_) {
      next_takeover_check_ = Clock::now() + kTakeOverCheck;
      lock.unlock();
      TakeOverOne();
      lock.lock();
      continue;
    }
    auto next = std::min_element(automatic_due_.begin(), automatic_due_.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    if (next == automatic_due_.end() || next->second > Clock::now()) {
      std::optional<Clock::time_point> wake_at = interrupted_retry_at_;
      if (store_.SharedByNodes() && (!wake_at || next_takeover_check_ < *wake_at)) {
        wake_at = next_takeover_check_;
      }
      if (next != automatic_due_.end() && (!wake_at || next->second < *wake_at)) {
        wake_at = next->second;
      }
      if (wake_at) {
        wake_.wait_until(lock, *wake_at);
      } else {
        wake_.wait(lock);
      }
      continue;
    }
    const int64_t endpoint_key = next->first;
    automatic_due_.erase(next);
    lock.unlock();
    Status started = CatchAll("start automatic job", [&] {
      StartAutomatic(endpoint_key);
      return Status::Ok();
    });
    if (!started.ok()) {
      spdlog::error("processing: endpoint {}: {}; trying again later", endpoint_key,
                    started.message());
      RecordsCommitted(endpoint_key);
    }
    lock.lock();
  }
}

void Processor::TakeOverOne() {
  Result<std::optional<store::Job>> taken =
      CatchAll("take over a job", [this] { return store_.TakeOverJob(); });
  if (!taken.ok()) {
    spdlog::warn("processing: cannot look for jobs of stopped nodes: {}", taken.status().message());
    return;
  }
  if (!*taken) return;
  spdlog::warn("processing: job {} on endpoint {} lost its node; running it here from its start",
               (*taken)->id, (*taken)->endpoint_id);
  // Sooner after this one: several may have been left.
  next_takeover_check_ = Clock::now();
  Run(std::move(**taken));
}

void Processor::StartAutomatic(int64_t endpoint_key) {
  auto endpoints = store_.ListEndpoints(endpoint_key - 1, 1);
  if (!endpoints.ok() || endpoints->empty() || endpoints->front().key != endpoint_key) return;
  const store::Endpoint& endpoint = endpoints->front();
  if (endpoint.mode != ProcessingMode::kAutomatic) return;
  if (!CompleteMapping(endpoint).ok()) return;  // the records wait for a complete mapping
  auto waiting = store_.CountRecordsAfter(endpoint.key, endpoint.processed_through_seq);
  if (!waiting.ok() || *waiting == 0) return;
  store::Job job = NewJob(endpoint, JobKind::kProcess, JobTrigger::kAutomatic);
  Status inserted = store_.InsertJob(job);
  if (inserted.code() == StatusCode::kConflict) {
    RecordsCommitted(endpoint_key);  // after the job in the way
    return;
  }
  if (!inserted.ok()) {
    spdlog::error("processing: cannot start an automatic job for endpoint {}: {}", endpoint.id,
                  inserted.message());
    RecordsCommitted(endpoint_key);
    return;
  }
  Run(std::move(job));
}

void Processor::Finish(store::Job& job, const Status& status) {
  if (status.ok()) return;
  // Where several nodes share the store, one cut off by this node's stop is left for another node,
  // and one another node took over is that node's now.
  if (store_.SharedByNodes() &&
      (status.message_id() == "shutting-down" || status.message_id() == "job-taken-over")) {
    spdlog::info("processing: job {} is left to another node ({})", job.id, status.message());
    return;
  }
  job.state = JobState::kFailed;
  job.message = status.message();
  job.finished_at_ms = NowUnixMillis();
  Status saved = CatchAll("save failed job", [&] {
    return store_.RunGoldenSlice([&](store::GoldenWriter& writer) {
      INLET_RETURN_IF_ERROR(
          writer.UpdateEndpointProgress(job.endpoint_key, 0, EndpointStatus::kNotProcessed, {}));
      return writer.SaveJob(job);
    });
  });
  if (!saved.ok()) {
    spdlog::error("processing: job {} failed ({}) and its state could not be saved: {}", job.id,
                  status.message(), saved.message());
  }
}

void Processor::Run(store::Job job) {
  // A slice that throws has rolled back; the job ends failed with the exception's text
  // (a bug, or memory exhausted) and the thread goes on with the next one.
  Status status = CatchAll("job", [&]() -> Status {
    if (job.kind != JobKind::kRemoveRecords) return RunProcess(job);
    int64_t first = 0, last = INT64_MAX;
    if (job.receipt_id) {
      INLET_ASSIGN_OR_RETURN(auto receipt, store_.GetReceipt(*job.receipt_id));
      first = receipt.first_record_seq.value_or(1);
      last = receipt.last_record_seq.value_or(0);
    }
    return RunRemove(job, first, last);
  });
  if (!status.ok()) {
    spdlog::warn("processing: job {} on endpoint {} failed: {}", job.id, job.endpoint_id,
                 status.message());
  }
  Finish(job, status);
}

Status Processor::RunProcess(store::Job& job) {
  INLET_ASSIGN_OR_RETURN(auto endpoint, store_.GetEndpoint(job.endpoint_id));
  INLET_ASSIGN_OR_RETURN(auto mapping, CompleteMapping(endpoint));
  const int64_t from = job.trigger == JobTrigger::kAutomatic ? endpoint.processed_through_seq : 0;
  INLET_ASSIGN_OR_RETURN(auto to, NewestSeq(store_, endpoint.key));
  INLET_ASSIGN_OR_RETURN(job.total, CountRecordsBetween(store_, endpoint.key, from, to));
  job.state = JobState::kRunning;

  const EndpointRef ref{endpoint.key, endpoint.id};
  const auto slice_target = std::chrono::milliseconds(options_.slice_target_ms);
  ProcessingLog log;
  int64_t cursor = from;
  int chunk_size = kFirstChunkRecords;
  bool first_slice = true;
  for (;;) {
    if (stopping()) return Status::Unavailable("shutting-down", kInterrupted);
    store::Job saved = job;
    int64_t slice_cursor = cursor;
    bool last = false;
    // One slice is one transaction of as many chunks as fit: up to kMaxSliceMs while no
    // one else wants the writer (large transactions write each B-tree page once for
    // many records), about slice_target_ms once someone does.
    const auto slice_started = Clock::now();
    Status status = store_.RunGoldenSlice([&](store::GoldenWriter& writer) {
      const int64_t now = NowUnixMillis();
      ProcessCounts counts;
      for (;;) {
        const auto chunk_started = Clock::now();
        INLET_ASSIGN_OR_RETURN(auto records,
                               ReadChunk(store_, endpoint.key, slice_cursor, to, chunk_size));
        last = records.empty() || records.back().seq >= to ||
               static_cast<int>(records.size()) < chunk_size;
        // One engine per chunk: Finish recomputes the chunk's golden records, so the
        // memory a slice holds does not grow with its length.
        GoldenEngine engine(writer, now, job.id, &mapping_helper_);
        INLET_RETURN_IF_ERROR(engine.Apply(ref, mapping, records, counts, log));
        INLET_RETURN_IF_ERROR(engine.Finish());
        saved.done += static_cast<int64_t>(records.size());
        if (!records.empty()) slice_cursor = records.back().seq;
        chunk_size = NextBatchSize(chunk_size, Clock::now() - chunk_started, slice_target / 2,
                                   kMaxChunkRecords);
        if (last || stopping() || SliceIsDone(slice_started, slice_target, writer)) break;
      }
      saved.created += counts.created;
      saved.merged += counts.merged;
      saved.unchanged += counts.unchanged;
      saved.failed += counts.failed;
      std::optional<EndpointStatus> status;
      if (first_slice) status = EndpointStatus::kProcessing;
      std::optional<int64_t> watermark;
      if (last) {
        INLET_RETURN_IF_ERROR(log.WriteTo(writer, endpoint.key, now));
        INLET_RETURN_IF_ERROR(writer.RecountReceipts(endpoint.key, from + 1, to, true));
        status = EndpointStatus::kProcessed;
        watermark = to;
        saved.state = JobState::kDone;
        saved.finished_at_ms = now;
      }
      INLET_RETURN_IF_ERROR(
          writer.UpdateEndpointProgress(endpoint.key, counts.parts_delta, status, watermark));
      return writer.SaveJob(saved);
    });
    if (!status.ok()) return status;
    Count(saved.created - job.created, saved.merged - job.merged, saved.unchanged - job.unchanged,
          saved.failed - job.failed, 0);
    job = saved;
    first_slice = false;
    if (last) return Status::Ok();
    cursor = slice_cursor;
  }
}

Status Processor::RunRemove(store::Job& job, int64_t first_seq, int64_t last_seq) {
  INLET_ASSIGN_OR_RETURN(auto endpoint, store_.GetEndpoint(job.endpoint_id));
  job.total =
      job.receipt_id ? std::max<int64_t>(0, last_seq - first_seq + 1) : endpoint.data_part_count;
  job.state = JobState::kRunning;
  const auto slice_target = std::chrono::milliseconds(options_.slice_target_ms);
  int chunk_size = kFirstChunkRecords;
  for (;;) {
    if (stopping()) return Status::Unavailable("shutting-down", kInterrupted);
    store::Job saved = job;
    bool last = false;
    // Slices as long as a processing job's, with one engine each: a golden record that
    // loses many parts in a slice is reconciled (its other parts read) once per slice.
    const auto slice_started = Clock::now();
    Status status = store_.RunGoldenSlice([&](store::GoldenWriter& writer) {
      const int64_t now = NowUnixMillis();
      GoldenEngine engine(writer, now, job.id);
      ProcessCounts counts;
      for (;;) {
        const auto chunk_started = Clock::now();
        INLET_ASSIGN_OR_RETURN(
            auto parts, writer.PartsOfEndpoint(endpoint.key, first_seq, last_seq, chunk_size));
        last = static_cast<int>(parts.size()) < chunk_size;
        for (const auto& part : parts) {
          INLET_RETURN_IF_ERROR(engine.Remove(part, counts));
        }
        chunk_size = NextBatchSize(chunk_size, Clock::now() - chunk_started, slice_target / 2,
                                   kMaxChunkRecords);
        if (last || stopping() || SliceIsDone(slice_started, slice_target, writer)) break;
      }
      INLET_RETURN_IF_ERROR(engine.Finish());
      saved.removed += counts.removed;
      saved.done += counts.removed;
      std::optional<EndpointStatus> status;
      if (last) {
        // The records can be processed again: those that made no part (failed,
        // unchanged) are pending again too.
        INLET_RETURN_IF_ERROR(writer.DeleteOutcomes(endpoint.key, first_seq, last_seq));
        INLET_RETURN_IF_ERROR(writer.RecountReceipts(endpoint.key, first_seq, last_seq, false));
        status = EndpointStatus::kNotProcessed;
        saved.total = saved.done;
        saved.state = JobState::kDone;
        saved.finished_at_ms = now;
      }
      INLET_RETURN_IF_ERROR(
          writer.UpdateEndpointProgress(endpoint.key, counts.parts_delta, status, {}));
      return writer.SaveJob(saved);
    });
    if (!status.ok()) return status;
    Count(0, 0, 0, 0, saved.removed - job.removed);
    job = saved;
    if (last) return Status::Ok();
  }
}

Status Processor::CheckIdle(int64_t endpoint_key) {
  INLET_ASSIGN_OR_RETURN(auto active, store_.ActiveJob(endpoint_key));
  if (!active) return Status::Ok();
  return store::JobRunningConflict(*active);
}

Status Processor::RemoveAllParts(const store::Endpoint& endpoint) {
  store::Job job = NewJob(endpoint, JobKind::kRemoveRecords, JobTrigger::kManual);
  INLET_RETURN_IF_ERROR(store_.InsertJob(job));
  Status status = RunRemove(job, 0, INT64_MAX);
  Finish(job, status);
  return status;
}

Result<Processor::UnmergeDone> Processor::Unmerge(int64_t golden_key,
                                                  const store::Endpoint& endpoint,
                                                  const std::string& record_id) {
  store::Job job = NewJob(endpoint, JobKind::kUnmerge, JobTrigger::kManual);
  INLET_RETURN_IF_ERROR(store_.InsertJob(job));
  UnmergeDone done;
  Status status = CatchAll("unmerge", [&] {
    return store_.RunGoldenSlice([&](store::GoldenWriter& writer) -> Status {
      const int64_t now = NowUnixMillis();
      GoldenEngine engine(writer, now, job.id);
      INLET_ASSIGN_OR_RETURN(auto unmerged, engine.Unmerge(golden_key, endpoint.key, record_id));
      INLET_RETURN_IF_ERROR(engine.Finish());
      INLET_ASSIGN_OR_RETURN(auto head, writer.GetGolden(unmerged.golden_key));
      done.entity_id = head.id;
      done.rule_id = unmerged.rule_id;
      store::Job saved = job;
      saved.total = saved.done = 1;
      saved.state = JobState::kDone;
      saved.finished_at_ms = now;
      INLET_RETURN_IF_ERROR(writer.SaveJob(saved));
      done.job = saved;
      return Status::Ok();
    });
  });
  if (!status.ok()) {
    // The job names what went wrong; the refusal itself goes back to the caller.
    job.state = JobState::kFailed;
    job.message = status.message();
    job.finished_at_ms = NowUnixMillis();
    (void)CatchAll("save failed unmerge", [&] {
      return store_.RunGoldenSlice(
          [&](store::GoldenWriter& writer) { return writer.SaveJob(job); });
    });
    return status;
  }
  return done;
}

Result<decltype(store::ReceiptToStore::process_in_commit)> Processor::BridgeHook(
    const store::Endpoint& endpoint, std::shared_ptr<store::OutcomeCounts> outcomes) {
  INLET_ASSIGN_OR_RETURN(auto mapping, CompleteMapping(endpoint));
  const EndpointRef ref{endpoint.key, endpoint.id};
  return decltype(store::ReceiptToStore::process_in_commit)(
      [this, ref, mapping = std::move(mapping), outcomes = std::move(outcomes)](
          store::GoldenWriter& writer, int64_t /*receipt_seq*/,
          const std::vector<store::StoredRecord>& records) -> Status {
        const int64_t now = NowUnixMillis();
        GoldenEngine engine(writer, now);
        ProcessingLog log;
        ProcessCounts counts;
        INLET_RETURN_IF_ERROR(engine.Apply(ref, mapping, records, counts, log));
        INLET_RETURN_IF_ERROR(engine.Finish());
        INLET_RETURN_IF_ERROR(log.WriteTo(writer, ref.key, now));
        INLET_RETURN_IF_ERROR(
            writer.RecountReceipts(ref.key, records.front().seq, records.back().seq, true));
        INLET_RETURN_IF_ERROR(writer.UpdateEndpointProgress(ref.key, counts.parts_delta,
                                                            EndpointStatus::kProcessed, {}));
        *outcomes = {counts.created, counts.merged, counts.unchanged, counts.failed};
        // Counted before the commit is known; a failed commit answers 503 and is rare.
        Count(counts.created, counts.merged, counts.unchanged, counts.failed, 0);
        return Status::Ok();
      });
}

}  // namespace inlet::processing
