// The golden-record engine (SPEC §5): applies clues to golden records, and takes data
// parts out of them, through a store::GoldenWriter — so inside one write transaction.
//
// One GoldenEngine serves one slice: Apply/Remove as many records as the slice holds,
// then Finish() to recompute every golden record they touched (each once per slice,
// however many records touched it). A golden record that only gained parts is brought up
// to date from its stored document and the new clues (golden_document.h), so its cost
// does not grow with the parts it already has; one that lost, merged or split is
// recomputed from all its parts. Rules:
//   - A clue joins the live golden record that holds any of its codes; codes carry their
//     entity type, so joins never cross entity types. Codes in several golden records
//     merge them into the oldest (smallest key), the others left as tombstones.
//   - A data part is keyed by (endpoint, record); a record's new clue replaces its old
//     part. A clue whose hash the endpoint already has a part for is `unchanged`.
//   - Counting: `created` when no golden record held a code or only shadows did (taken
//     over); `merged` when it joined one or more real golden records.
//   - Edges to codes nobody holds create shadow golden records.
//   - Taking a part out recomputes its golden record: with no parts left it disappears,
//     unless edges still point at it (it is a shadow again); if its remaining parts no
//     longer share codes it splits, the part processed first keeping the id.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "inlet/common/issue.h"
#include "inlet/common/log_row.h"
#include "inlet/common/work_queue.h"
#include "inlet/processing/clue.h"
#include "inlet/processing/golden_document.h"
#include "inlet/processing/mapping.h"
#include "inlet/store/store.h"

namespace inlet::processing {

struct ProcessCounts {
  int64_t created = 0, merged = 0, unchanged = 0, failed = 0, removed = 0;
  int64_t parts_delta = 0;  // parts added minus parts removed
};

// Record failures and warnings of a job, one row per (receipt, level, domain, message
// id, property) with a count: 1,000 failing records make one row, not 1,000.
class ProcessingLog {
 public:
  void Add(int64_t receipt_seq, IssueLevel level, IssueDomain domain, const std::string& message_id,
           const std::string& property, int64_t row_index, const std::string& message);
  // Writes every row and forgets them.
  Status WriteTo(store::GoldenWriter& writer, int64_t endpoint_key, int64_t now_ms);
  bool empty() const { return rows_.empty(); }

 private:
  using Key = std::tuple<int64_t, IssueLevel, IssueDomain, std::string, std::string>;
  std::map<Key, LogRow> rows_;
};

struct EndpointRef {
  int64_t key = 0;
  std::string id;
};

class GoldenEngine {
 public:
  // `helper`, when given, is a thread that maps half of each large batch of records.
  GoldenEngine(store::GoldenWriter& writer, int64_t now_ms, WorkQueue* helper = nullptr)
      : writer_(writer), now_ms_(now_ms), helper_(helper) {}

  // Maps each of the endpoint's `records` and applies its clue, in the order given. A
  // record that cannot be mapped is counted failed and logged; only store failures
  // return an error.
  Status Apply(const EndpointRef& endpoint, const Mapping& mapping,
               const std::vector<store::StoredRecord>& records, ProcessCounts& counts,
               ProcessingLog& log);
  // Takes `part` out of its golden record (wherever it is by now). Each golden record
  // that lost parts is reconciled once, at Finish or before the next Apply: a slice that
  // takes many parts out of one golden record reads its other parts once, not once per
  // part taken out.
  Status Remove(const store::DataPart& part, ProcessCounts& counts);
  // Recomputes the golden records touched since the last call, and keeps what each
  // record applied came to (its outcome; a part taken out forgets its record's).
  Status Finish();

 private:
  // `clue`: BuildClue of the record; `source_hash`: SourceHash of the record. `held`: the
  // hashes of the record's part before this call, null when the record has no part.
  Status ApplyRecord(const EndpointRef& endpoint, const Mapping& mapping,
                     const store::StoredRecord& record, Result<Clue> clue, std::string source_hash,
                     const store::PartHash* held, ProcessCounts& counts, ProcessingLog& log);
  Status TakeOutOldPart(const EndpointRef& endpoint, const store::StoredRecord& record,
                        ProcessCounts& counts);
  Result<std::set<int64_t>> FindHolders(const Clue& clue);
  // The golden record a new part goes into, and whether that created or merged.
  struct Joined {
    int64_t golden_key = 0;
    RecordOutcome outcome = RecordOutcome::kCreated;
  };
  Result<Joined> CreateGoldenOf(const Clue& clue);
  // Merges the other holders into the oldest, the one the new part joins: created when
  // all of them were shadows (taken over), else merged.
  Result<Joined> MergeHolders(const std::set<int64_t>& holders);
  // Kept for Finish to store (what a receipt's outcomes read).
  void NoteOutcome(const EndpointRef& endpoint, const store::StoredRecord& record,
                   RecordOutcome outcome, std::optional<int64_t> golden_key);
  Status StorePart(const Clue& clue, store::DataPart& part, ProcessCounts& counts);
  // Takes a part out now (a record's part replaced by its new clue).
  Status TakeOut(const store::DataPart& part);
  // Reconciles the golden records Remove took parts out of, then the shadows their edges
  // pointed at.
  Status SettleRemovals();
  Status Reconcile(int64_t golden_key);
  Status ReleaseEdgeTargets(const std::set<std::string>& target_codes);
  Status EnsureEdgeTargets(const std::vector<store::PartEdge>& edges);
  // Finish recomputes `golden_key` from all its parts.
  void Rebuild(int64_t golden_key);
  // `clue`'s part joined `golden_key` after all its other parts; `clue` stays in clues_.
  void Append(int64_t golden_key, const Clue& clue);
  Status RebuildFromParts(int64_t golden_key);
  Status Extend(int64_t golden_key, const std::vector<const Clue*>& appended);
  Status Save(int64_t golden_key, const Survivorship& state);

  // The clue of the part keyed (endpoint, record seq): applied in this slice, or parsed
  // from its payload.
  Result<const Clue*> ClueOf(const store::DataPart& part);

  store::GoldenWriter& writer_;
  int64_t now_ms_;
  WorkQueue* helper_;
  // Clues of parts read or written in this slice, so Finish parses nothing it made.
  std::map<std::pair<int64_t, int64_t>, Clue> clues_;
  // What Finish does to each golden record touched since the last call. (Golden records
  // made here for one new part, and shadows, are written whole when they are created.)
  struct Pending {
    bool rebuild = false;               // from all its parts
    std::vector<const Clue*> appended;  // else: these new parts' clues (in clues_), in order
  };
  std::map<int64_t, Pending> pending_;
  // Removed since the last SettleRemovals: the golden records that lost parts, and the
  // codes those parts' edges pointed at.
  std::set<int64_t> taken_from_;
  std::set<std::string> released_;
  // What records applied since the last Finish came to.
  std::vector<store::OutcomeToStore> outcomes_;
  // MappingToJson of the last mapping seen (hashed into every clue) and its
  // MappingDigest, computed once.
  Mapping mapping_;
  std::string mapping_text_;
  Sha256Digest mapping_digest_{};
};

}  // namespace inlet::processing
