#include "inlet/common/domain.h"

namespace inlet {

std::string_view ToString(ProcessingMode mode) {
  switch (mode) {
    case ProcessingMode::kManual:
      return "manual";
    case ProcessingMode::kAutomatic:
      return "automatic";
    case ProcessingMode::kBridge:
      return "bridge";
  }
  return "manual";
}

std::optional<ProcessingMode> ParseProcessingMode(std::string_view text) {
  if (text == "manual") return ProcessingMode::kManual;
  if (text == "automatic") return ProcessingMode::kAutomatic;
  if (text == "bridge") return ProcessingMode::kBridge;
  return std::nullopt;
}

std::string_view ToString(EndpointStatus status) {
  switch (status) {
    case EndpointStatus::kNoDataSent:
      return "no-data-sent";
    case EndpointStatus::kNotProcessed:
      return "not-processed";
    case EndpointStatus::kProcessing:
      return "processing";
    case EndpointStatus::kProcessed:
      return "processed";
  }
  return "no-data-sent";
}

std::optional<EndpointStatus> ParseEndpointStatus(std::string_view text) {
  if (text == "no-data-sent") return EndpointStatus::kNoDataSent;
  if (text == "not-processed") return EndpointStatus::kNotProcessed;
  if (text == "processing") return EndpointStatus::kProcessing;
  if (text == "processed") return EndpointStatus::kProcessed;
  return std::nullopt;
}

std::string_view ToString(JobKind kind) {
  switch (kind) {
    case JobKind::kProcess:
      return "process";
    case JobKind::kRemoveRecords:
      return "remove-records";
    case JobKind::kUnmerge:
      return "unmerge";
  }
  return "process";
}

std::optional<JobKind> ParseJobKind(std::string_view text) {
  if (text == "process") return JobKind::kProcess;
  if (text == "remove-records") return JobKind::kRemoveRecords;
  if (text == "unmerge") return JobKind::kUnmerge;
  return std::nullopt;
}

std::string_view ToString(JobTrigger trigger) {
  return trigger == JobTrigger::kAutomatic ? "automatic" : "manual";
}

std::optional<JobTrigger> ParseJobTrigger(std::string_view text) {
  if (text == "manual") return JobTrigger::kManual;
  if (text == "automatic") return JobTrigger::kAutomatic;
  return std::nullopt;
}

std::string_view ToString(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kDone:
      return "done";
    case JobState::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<JobState> ParseJobState(std::string_view text) {
  if (text == "queued") return JobState::kQueued;
  if (text == "running") return JobState::kRunning;
  if (text == "done") return JobState::kDone;
  if (text == "failed") return JobState::kFailed;
  return std::nullopt;
}

std::string_view ToString(RecordOutcome outcome) {
  switch (outcome) {
    case RecordOutcome::kCreated:
      return "created";
    case RecordOutcome::kMerged:
      return "merged";
    case RecordOutcome::kUnchanged:
      return "unchanged";
    case RecordOutcome::kFailed:
      return "failed";
    case RecordOutcome::kPending:
      return "pending";
  }
  return "pending";
}

std::string_view ToString(ChangeOp op) { return op == ChangeOp::kDelete ? "delete" : "upsert"; }

}  // namespace inlet
