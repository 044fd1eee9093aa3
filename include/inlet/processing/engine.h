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
//   - Keep-apart rules (an unmerge makes them): a part never joins a golden record that
//     holds a record it is kept apart from, and two golden records never merge while one
//     holds a record kept apart from a record of the other. The part then joins what it
//     may (or makes a golden record of its own) and leaves the codes that lead elsewhere
//     where they are; a code stays with one golden record.
//   - Every golden record a pass changes gets one history row (history.h): what it was
//     created from, parts added and removed, merges, unmerges, and each property whose
//     value changed, with the part the new value comes from.
#pragma once

#include <cstdint>
#include <functional>
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
#include "inlet/processing/history.h"
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
  // `job_id` names the job in the history rows (empty for a bridge request); `helper`,
  // when given, is a thread that maps half of each large batch of records.
  GoldenEngine(store::GoldenWriter& writer, int64_t now_ms, std::string job_id = {},
               WorkQueue* helper = nullptr)
      : writer_(writer), now_ms_(now_ms), job_id_(std::move(job_id)), helper_(helper) {}

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
  // Takes the part of the endpoint's record `record_id` out of the golden record
  // `golden_key`, with every other part of the same primary code (the same source
  // record), into a golden record of their own that holds the codes no part left behind
  // has; and keeps that primary code apart from the primary code of the first part left
  // (which keeps the id) by a rule. kNotFound "part-not-found" when the golden record
  // has no part of that record; kConflict "nothing-to-unmerge" when no part of another
  // primary code would stay. Finish completes it.
  struct Unmerged {
    int64_t golden_key = 0;  // the new golden record
    std::string rule_id;
  };
  Result<Unmerged> Unmerge(int64_t golden_key, int64_t endpoint_key, const std::string& record_id);
  // Recomputes the golden records touched since the last call, writes their history,
  // and keeps what each record applied came to (its outcome; a part taken out forgets
  // its record's).
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
  // Of `holders` (by age), those a part of primary code `code` may not join: kept apart
  // from it, or from an older holder it joins.
  Result<std::set<int64_t>> HoldersKeptApart(const std::string& code,
                                             const std::set<int64_t>& holders);
  // The golden record a new part goes into, and whether that created or merged.
  struct Joined {
    int64_t golden_key = 0;
    RecordOutcome outcome = RecordOutcome::kCreated;
  };
  Result<Joined> CreateGoldenOf(const Clue& clue, const PartName& part);
  // Merges the other holders into the oldest, the one the new part joins: created when
  // all of them were shadows (taken over), else merged.
  Result<Joined> MergeHolders(const std::set<int64_t>& holders, const PartName& part);
  // Kept for Finish to store (what a receipt's outcomes read).
  void NoteOutcome(const EndpointRef& endpoint, const store::StoredRecord& record,
                   RecordOutcome outcome, std::optional<int64_t> golden_key);
  // Points the clue's codes at the part's golden record, but for those held by one of
  // `apart` (golden records it is kept apart from).
  Status StorePart(const Clue& clue, store::DataPart& part, const std::set<int64_t>& apart,
                   ProcessCounts& counts);
  // Points `code` at `golden_key` unless another golden record holds it: codes move
  // between golden records only by merges, so one held elsewhere is there because a
  // keep-apart rule kept it there (or did, until it was deleted; the next application
  // of the part decides).
  Status ClaimCode(const std::string& code, int64_t golden_key);
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
  void Append(int64_t golden_key, const Clue& clue, const PartName& part);
  struct Appended {
    const Clue* clue;
    PartName part;
  };
  Status RebuildFromParts(int64_t golden_key);
  Status Extend(int64_t golden_key, const std::vector<Appended>& appended);
  // Saves the new state, noting each property whose value it changed from `before`;
  // `part_name(i)` names the part at index i in processing order.
  Status Save(int64_t golden_key, const std::map<std::string, std::string>& before,
              const Survivorship& state, const std::function<PartName(int64_t)>& part_name);
  // Keeps `event` for the golden record's history row of this pass.
  void Note(int64_t golden_key, HistoryEvent event);
  Status WriteHistory();

  // The clue of the part keyed (endpoint, record seq): applied in this slice, or parsed
  // from its payload.
  Result<const Clue*> ClueOf(const store::DataPart& part);

  store::GoldenWriter& writer_;
  int64_t now_ms_;
  std::string job_id_;
  WorkQueue* helper_;
  // Clues of parts read or written in this slice, so Finish parses nothing it made.
  std::map<std::pair<int64_t, int64_t>, Clue> clues_;
  // What Finish does to each golden record touched since the last call. (Golden records
  // made here for one new part, and shadows, are written whole when they are created.)
  struct Pending {
    bool rebuild = false;            // from all its parts
    std::vector<Appended> appended;  // else: these new parts (clues in clues_), in order
  };
  std::map<int64_t, Pending> pending_;
  // The events of this pass by golden record, and how many each left out.
  struct History {
    std::vector<HistoryEvent> events;
    int64_t omitted = 0;
  };
  std::map<int64_t, History> history_;
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
