// Vocabulary shared by every module: processing modes, endpoint states, the kinds,
// triggers and states of processing jobs (SPEC §3, §5), a record's outcome and a change's
// operation (§11). Each ToString gives the word clients see; each Parse accepts exactly
// those words.
#pragma once

#include <optional>
#include <string_view>

namespace inlet {

enum class ProcessingMode { kManual, kAutomatic, kBridge };

// "manual" | "automatic" | "bridge".
std::string_view ToString(ProcessingMode mode);
std::optional<ProcessingMode> ParseProcessingMode(std::string_view text);

// no-data-sent until a record is accepted, then not-processed, processing, processed.
enum class EndpointStatus { kNoDataSent, kNotProcessed, kProcessing, kProcessed };

std::string_view ToString(EndpointStatus status);
std::optional<EndpointStatus> ParseEndpointStatus(std::string_view text);

// "process" | "remove-records" | "unmerge".
enum class JobKind { kProcess, kRemoveRecords, kUnmerge };

std::string_view ToString(JobKind kind);
std::optional<JobKind> ParseJobKind(std::string_view text);

// "manual" (a client asked) | "automatic" (records arrived on an automatic endpoint).
enum class JobTrigger { kManual, kAutomatic };

std::string_view ToString(JobTrigger trigger);
std::optional<JobTrigger> ParseJobTrigger(std::string_view text);

// "queued" → "running" → "done" | "failed".
enum class JobState { kQueued, kRunning, kDone, kFailed };

std::string_view ToString(JobState state);
std::optional<JobState> ParseJobState(std::string_view text);

// What processing made of one record (SPEC §11): "created" | "merged" | "unchanged" |
// "failed", and "pending" until a job has processed it.
enum class RecordOutcome { kCreated, kMerged, kUnchanged, kFailed, kPending };

std::string_view ToString(RecordOutcome outcome);

// A change in the change feed: a golden record written ("upsert") or gone ("delete").
enum class ChangeOp { kUpsert, kDelete };

std::string_view ToString(ChangeOp op);

}  // namespace inlet
