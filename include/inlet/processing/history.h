// A golden record's history (SPEC §11): what the engine records of each change, and the
// text it stores one engine pass's events in.
//
// Pure. The stored text is a JSON array of events in the members of SPEC §11 ("kind",
// "part", "property", "from", "to", "mergedFrom"), with two more:
//   - "mergedInto" on the merged-away record's own "merged" event;
//   - "values" on a "created" event, {key: value}: the values the golden record was
//     created with, all from its one part. Decoding gives each as a "property-changed"
//     event from that part. A golden record made by one part stores its "created" event
//     without them (a quarter of a first job's rate went into writing them again beside
//     the document): WithCreationValues reads them back.
// A pass that would record more than kMaxHistoryEventsPerPass events for one golden
// record (a split that moves many parts, say) keeps the first ones and one "omitted"
// count.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::processing {

inline constexpr size_t kMaxHistoryEventsPerPass = 1000;

enum class HistoryKind { kCreated, kPartAdded, kPartRemoved, kMerged, kUnmerged, kPropertyChanged };

// "created" | "part-added" | "part-removed" | "merged" | "unmerged" | "property-changed"
std::string_view ToString(HistoryKind kind);

// A part by the record it comes from.
struct PartName {
  std::string endpoint_id;
  std::string record_id;
};

struct HistoryEvent {
  HistoryKind kind = HistoryKind::kCreated;
  std::optional<PartName> part;         // the part added, removed or unmerged; a value's source
  std::string property;                 // property-changed
  std::optional<std::string> from, to;  // property-changed: absent before, or after
  std::string merged_from;              // merged: the id merged into this record
  std::string merged_into;              // merged: this record's survivor
  std::map<std::string, std::string> values;  // created from one part: its values
};

// One pass's events as stored, and back (values expanded; unreadable text gives none).
// `omitted`: how many events the pass left out.
std::string EncodeHistory(const std::vector<HistoryEvent>& events, int64_t omitted);
struct DecodedHistory {
  std::vector<HistoryEvent> events;
  int64_t omitted = 0;
};
DecodedHistory DecodeHistory(std::string_view text);

// `creation` (a stored "created" event without values) with the values the golden record
// was created with: for each property, the `from` of its first change in `later` (the
// events of every pass after, oldest first), or its value in `document` (its document
// now) when it never changed since. Exact because every change of a value after the
// creation is recorded, unless a pass left events out (kMaxHistoryEventsPerPass).
std::string WithCreationValues(std::string_view creation, std::string_view document,
                               const std::vector<std::string>& later);

}  // namespace inlet::processing
