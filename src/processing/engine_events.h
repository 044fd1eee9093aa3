// Small pieces the golden-record engine's files share (private to processing/): the
// history events it notes most, and the state of a golden record before Finish computes
// its document.
#pragma once

#include <cstdint>
#include <string>

#include "inlet/processing/history.h"
#include "inlet/store/golden.h"

namespace inlet::processing {

inline HistoryEvent PartEvent(HistoryKind kind, PartName part) {
  HistoryEvent event;
  event.kind = kind;
  event.part = std::move(part);
  return event;
}

inline HistoryEvent MergeEvent(std::string merged_from, std::string merged_into) {
  HistoryEvent event;
  event.kind = HistoryKind::kMerged;
  event.merged_from = std::move(merged_from);
  event.merged_into = std::move(merged_into);
  return event;
}

// A golden record's state before Finish computes its document.
inline store::GoldenState BlankState(bool shadow, int64_t now_ms) {
  store::GoldenState state;
  state.shadow = shadow;
  state.now_ms = now_ms;
  return state;
}

}  // namespace inlet::processing
