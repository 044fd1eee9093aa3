// What the store keeps of golden records (SPEC §5), and the write primitives the
// processing engine composes into a job.
//
// The store holds the facts; the processing module holds the rules. A GoldenWriter is
// only ever handed out inside one write transaction (Store::RunGoldenSlice, or a bridge
// receipt's commit), so everything an engine does through it commits or rolls back as
// one. Nothing here parses a clue: a part's payload is the engine's text, kept as given.
//
// Golden records have a compact internal key, handed out in creation order, so "the
// oldest" golden record of a set is the one with the smallest key; their public id is a
// UUIDv7. Codes map to live golden records only: a merge moves them to the survivor,
// and a golden record merged away stays as a tombstone that points at its survivor.
//
// Every write of a golden record appends to the change feed (SPEC §11) in the same
// transaction, so a crash never loses or invents a change: CreateGolden and SaveGolden an
// upsert, MergeGolden and DeleteGolden a delete.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "inlet/common/domain.h"
#include "inlet/common/log_row.h"
#include "inlet/common/status.h"
#include "inlet/store/jobs.h"

namespace inlet::store {

struct GoldenHead {
  int64_t key = 0;
  std::string id;  // UUIDv7
  std::string entity_type;
  bool shadow = false;
};

struct PartEdge {
  std::string edge_type;
  std::string target_code;
};

// One record's contribution to a golden record, keyed by (endpoint_key, record_seq).
struct DataPart {
  int64_t endpoint_key = 0;
  int64_t record_seq = 0;
  std::string endpoint_id;  // filled when read
  std::string record_id;
  int64_t receipt_seq = 0;
  std::string receipt_id;
  int64_t golden_key = 0;
  std::string clue_hash;
  // Hex hash of what the clue was built from (mapping and record text); empty: unknown.
  // Like the clue hash, the store keeps its first 128 bits. Not read back by FindPart.
  std::string source_hash;
  int64_t order = 0;            // processing order; assigned by PutPart, larger = later
  std::string payload;          // the clue as the engine wrote it
  std::vector<PartEdge> edges;  // written by PutPart for edge lookups; not read back
  // The clue's primary code: PutPart notes the part when a keep-apart rule names it.
  // Not read back.
  std::string primary_code;
};

// Which clue a record's part holds, and what it was built from. The store keeps the
// first 128 bits of each hex hash PutPart was given; the prefixes are those, as 32
// lowercase hex digits (`source_hash_prefix` is empty for a part stored without one).
struct PartHash {
  int64_t record_seq = 0;
  std::string clue_hash_prefix;
  std::string source_hash_prefix;
};

// The golden record's computed state, written by the engine after its parts change.
struct GoldenState {
  int64_t key = 0;
  bool shadow = false;
  std::string name;
  std::string document;     // the engine's JSON (golden_document.h); not its codes or parts
  std::string search_text;  // what `q` matches
  int64_t now_ms = 0;
  // CreateGolden only: its "created" event (a JSON array, history.h), kept in the golden
  // record's own row rather than a history row of its own, and the job that made it
  // ("" for none). The values it was created with are not repeated there: they are read
  // back from its document and the property changes after it (GoldenCorrections).
  std::string creation;
  std::string creation_job;
};

// What processing made of one record (SPEC §11).
struct OutcomeToStore {
  int64_t endpoint_key = 0;
  int64_t record_seq = 0;
  int64_t row_index = 0;
  std::string record_id;
  RecordOutcome outcome = RecordOutcome::kPending;
  std::optional<int64_t> golden_key;  // the golden record it went into; none when failed
};

// One side of a keep-apart rule: a source record by its primary code (which holds for
// every part of it, after a reprocessing or sent again), and the part an unmerge named.
struct KeepApartSide {
  std::string code;
  int64_t endpoint_key = 0;
  std::string record_id;
};

// Write primitives; valid only inside the transaction that handed them out.
class GoldenWriter {
 public:
  virtual ~GoldenWriter() = default;

  // True when another writer (an ingestion commit, say) waits for this transaction to
  // end: a long job then ends its slice soon.
  virtual bool OthersWaiting() const = 0;

  // The live golden record holding `code`, if any.
  virtual Result<std::optional<int64_t>> FindCode(const std::string& code) = 0;
  virtual Result<std::vector<std::string>> CodesOf(int64_t golden_key) = 0;
  // Points `code` at `golden_key` (inserting or moving it).
  virtual Status SetCode(const std::string& code, int64_t golden_key) = 0;
  virtual Status DeleteCodesOf(int64_t golden_key) = 0;
  // True when some part has an edge to `code`.
  virtual Result<bool> HasIncomingEdges(const std::string& code) = 0;

  // A new golden record with `state` (its key is ignored; an empty document is "{}").
  virtual Result<GoldenHead> CreateGolden(const std::string& entity_type,
                                          const GoldenState& state) = 0;
  virtual Result<GoldenHead> GetGolden(int64_t golden_key) = 0;
  // The document last saved for the golden record (GoldenState::document).
  virtual Result<std::string> GoldenDocumentOf(int64_t golden_key) = 0;
  virtual Status SaveGolden(const GoldenState& state) = 0;
  // Removes a golden record that has no parts left (its tombstones go with it).
  virtual Status DeleteGolden(int64_t golden_key, int64_t now_ms) = 0;
  // Moves every code and part of `from` to `into` and leaves `from` (and whatever was
  // merged into it before) as a tombstone pointing at `into`, with its last document
  // (what its history's first values are read back from).
  virtual Status MergeGolden(int64_t from, int64_t into, int64_t now_ms) = 0;

  // True when one of the golden record's parts comes from the endpoint and has this
  // clue hash.
  virtual Result<bool> GoldenHoldsClue(int64_t golden_key, int64_t endpoint_key,
                                       const std::string& clue_hash) = 0;
  virtual Result<std::optional<DataPart>> FindPart(int64_t endpoint_key, int64_t record_seq) = 0;
  // The clue hashes of the endpoint's parts whose record seq lies in [first_seq,
  // last_seq], by record seq: one range read instead of a FindPart per record.
  virtual Result<std::vector<PartHash>> PartHashes(int64_t endpoint_key, int64_t first_seq,
                                                   int64_t last_seq) = 0;
  virtual Result<std::vector<DataPart>> PartsOf(int64_t golden_key) = 0;
  // Inserts or replaces the part with its edges; sets part.order.
  virtual Status PutPart(DataPart& part) = 0;
  virtual Status MovePart(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) = 0;
  // Records what an existing part's clue was built from (see DataPart::source_hash).
  virtual Status SetPartSourceHash(int64_t endpoint_key, int64_t record_seq,
                                   const std::string& source_hash) = 0;
  virtual Status DeletePart(const DataPart& part) = 0;
  // Up to `limit` of the endpoint's parts whose record seq lies in [first_seq, last_seq]
  // (one receipt's records form such a range), by record seq.
  virtual Result<std::vector<DataPart>> PartsOfEndpoint(int64_t endpoint_key, int64_t first_seq,
                                                        int64_t last_seq, int limit) = 0;

  // Keeps what processing made of these records, replacing what an earlier job made.
  virtual Status PutOutcomes(const std::vector<OutcomeToStore>& outcomes) = 0;
  // Forgets the outcomes of the endpoint's records whose seq lies in [first_seq,
  // last_seq]: they are pending again.
  virtual Status DeleteOutcomes(int64_t endpoint_key, int64_t first_seq, int64_t last_seq) = 0;
  // For each of the endpoint's receipts with records whose seqs meet [first_seq,
  // last_seq]: its records' outcomes counted, and times_processed + 1 when `processed`.
  // A bridge receipt's stored answer, once its records are processed (it tells what they
  // came to); replays of its Idempotency-Key answer it.
  virtual Status SetReceiptResponse(int64_t receipt_seq, const std::string& response) = 0;
  virtual Status RecountReceipts(int64_t endpoint_key, int64_t first_seq, int64_t last_seq,
                                 bool processed) = 0;
  // The endpoint's part count, status and processed watermark.
  virtual Status UpdateEndpointProgress(int64_t endpoint_key, int64_t part_count_delta,
                                        std::optional<EndpointStatus> status,
                                        std::optional<int64_t> processed_through_seq) = 0;
  virtual Status AddLog(int64_t endpoint_key, std::optional<int64_t> receipt_seq, const LogRow& log,
                        int64_t now_ms) = 0;
  virtual Status SaveJob(const Job& job) = 0;

  // --- history and keep-apart rules (SPEC §11) ---
  // Appends one engine pass's events (a JSON array, history_events.h) to the golden
  // record's history; nothing when the golden record is gone by now. `job_id` may be
  // empty (a bridge request's processing).
  virtual Status AppendHistory(int64_t golden_key, int64_t now_ms, const std::string& job_id,
                               const std::string& events) = 0;
  // Points the outcome of a record at the golden record its part now lies in.
  virtual Status SetOutcomeGolden(int64_t endpoint_key, int64_t record_seq, int64_t golden_key) = 0;
  // True when any keep-apart rule exists. Rules change only in their own transactions,
  // so a writer may read this once.
  virtual Result<bool> AnyKeepApart() = 0;
  // True when a rule keeps the source record of primary code `code` apart from one with
  // a part in `golden_key`.
  virtual Result<bool> KeptApart(const std::string& code, int64_t golden_key) = 0;
  // True when a rule keeps a source record with a part in one of these golden records
  // apart from one with a part in the other.
  virtual Result<bool> KeptApart(int64_t golden_a, int64_t golden_b) = 0;
  // A rule keeping `taken_out` (what an unmerge took out) apart from `stays`; its id.
  // `parts`: the parts whose primary code is one of the two now (primary_code set).
  virtual Result<std::string> AddKeepApart(const KeepApartSide& taken_out,
                                           const KeepApartSide& stays,
                                           const std::vector<DataPart>& parts,
                                           const std::string& job_id, int64_t now_ms) = 0;
};

// --- reads (any thread, outside slices) ---

struct GoldenEdgeOut {
  std::string edge_type;
  std::string target_code;
  std::string target_id;  // empty when the code belongs to no golden record
};

struct GoldenEdgeIn {
  std::string edge_type;
  std::string source_id;
};

// Where one data part of a golden record comes from.
struct GoldenPartRef {
  std::string endpoint_id;
  std::string record_id;
  std::string receipt_id;
  int64_t order = 0;  // its place in processing order: the cursor of a page of parts
};

// How many of its codes and parts a golden record read holds (the first, in the orders
// GoldenRecord gives), so that its answer stays bounded however many it has; the rest
// are read a page at a time (GoldenStore::GoldenCodes, GoldenParts).
inline constexpr int kGoldenItemsRead = 100;

// The indexes, among a golden record's parts in processing order, of the parts its
// document names (the provenance of its values: processing::PartsNamedBy).
using PartIndexesOf = std::function<std::vector<int64_t>(const std::string& document)>;

// A golden record as read: the engine's document, and the codes and parts the store holds
// for it (kept in their own rows, not in the document, so a golden record's document
// does not grow with its parts).
struct GoldenRecord {
  int64_t key = 0;
  std::string id;
  std::string entity_type;
  bool shadow = false;
  std::string name;
  std::string document;
  std::vector<std::string> codes;          // sorted; the first kGoldenItemsRead
  std::vector<GoldenPartRef> parts;        // in processing order; the first kGoldenItemsRead
  int64_t code_count = 0, part_count = 0;  // all of them
  // The parts the document names beyond the first kGoldenItemsRead, by their index in
  // processing order (what a document's "part" indexes); read when PartIndexesOf is
  // given and the golden record has more parts than `parts` holds.
  std::map<int64_t, GoldenPartRef> named_parts;
  int64_t created_at_ms = 0, updated_at_ms = 0;
  std::vector<std::string> merged_from;  // ids merged into this one, oldest first

  // The part at `index` in processing order, when it was read (in `parts` or
  // `named_parts`); nullptr otherwise.
  const GoldenPartRef* PartAt(int64_t index) const {
    if (index >= 0 && index < static_cast<int64_t>(parts.size())) {
      return &parts[static_cast<size_t>(index)];
    }
    auto named = named_parts.find(index);
    return named == named_parts.end() ? nullptr : &named->second;
  }
};

// A receipt's records, as a range of its endpoint's record seqs.
struct RecordRange {
  int64_t endpoint_key = 0;
  int64_t first_seq = 0, last_seq = -1;
};

struct GoldenQuery {
  std::optional<std::string> entity_type;
  std::optional<int64_t> endpoint_key;  // with a part from this endpoint
  std::optional<RecordRange> records;   // with a part from one of these records
  std::optional<std::string> code;      // exact
  std::optional<std::string> text;      // case-insensitive substring of name, values or a code
  std::optional<int64_t> after_key;
  int limit = 100;
  // When > 0: reading stops after the record with which the records read (documents,
  // codes and parts) reach about this many bytes of answer.
  uint64_t max_bytes = 0;
  PartIndexesOf named_parts;  // empty: GoldenRecord::named_parts is not read
  // False: only the golden records' own rows are read (no codes, parts or counts), for a
  // pass over many documents.
  bool codes_and_parts = true;
};

// One record of a receipt and what processing made of it.
struct RecordOutcomeRef {
  int64_t record_seq = 0;
  std::optional<int64_t> row_index;  // unknown for parts made before outcomes were kept
  std::string record_id;
  RecordOutcome outcome = RecordOutcome::kPending;
  std::string entity_id;  // the golden record it went into (or its survivor); "" if none
};

// One change of the change feed (SPEC §11).
struct GoldenChange {
  int64_t seq = 0;  // increasing: the cursor
  ChangeOp op = ChangeOp::kUpsert;
  std::string entity_id;
  std::string entity_type;
  std::string merged_into;  // a delete by merge: the survivor's id; "" otherwise
  int64_t at_ms = 0;
  std::optional<GoldenRecord> entity;  // an upsert's golden record, as it is now
};

struct ChangeQuery {
  std::optional<int64_t> after_seq;  // none: from the first change kept
  int limit = 100;
  std::optional<std::string> entity_type;
  // When > 0: reading stops after the change with which the entities read reach about
  // this many bytes of answer.
  uint64_t max_bytes = 0;
  // At most this many changes are looked at, so a rare type does not read the whole feed
  // in one request; the page then says where to go on.
  int max_examined = 10000;
  PartIndexesOf named_parts;
};

// kNotFound "change-feed-off": ReadChanges of a store whose feed is off
// (retention.changesDays 0).
Status ChangeFeedOff();

struct ChangePage {
  std::vector<GoldenChange> items;
  // Where the next read goes on from: the last change looked at (kept or skipped), or
  // the query's after_seq when there was none; 0 when the feed is empty.
  int64_t next_seq = 0;
  bool more = false;  // it stopped before the end of the feed
};

// One engine pass's changes to a golden record: `events` is the JSON array the engine
// wrote (history_events.h).
struct HistoryRow {
  int64_t seq = 0;  // increasing: the cursor
  int64_t at_ms = 0;
  std::string job_id;  // "" when no job made it (a bridge request)
  std::string events;
};

struct GoldenHistory {
  std::string entity_id;
  // The first row is its creation (seq 0, CreateGolden's `creation`) when it kept one
  // and the page starts at the beginning.
  std::vector<HistoryRow> rows;
  std::string document;  // the golden record's document now (a tombstone's last)
  bool more = false;     // the page ended before the history did (or just at its end)
};

struct KeptApartRecord {
  std::string code;  // its primary code: what the rule holds
  std::string endpoint_id;
  std::string record_id;  // the part the unmerge named
};

// A keep-apart rule as listed (SPEC §11).
struct KeepApartRule {
  int64_t seq = 0;  // the list cursor
  std::string id;
  KeptApartRecord taken_out, stays;
  std::string job_id;  // the unmerge that made it
  int64_t created_at_ms = 0;
};

// Golden records as clients read them, and the one way to change them: a slice.
class GoldenStore {
 public:
  virtual ~GoldenStore() = default;

  // --- golden records and jobs (SPEC §5) ---
  // Runs `work` in one write transaction on the writer, between ingestion commits:
  // committed when it returns Ok, rolled back otherwise. Keep each call short (tens of
  // milliseconds): ingestion waits while it runs.
  virtual Status RunGoldenSlice(const std::function<Status(GoldenWriter&)>& work) = 0;
  // The golden record with this id; for an id merged away, its survivor. nullopt when
  // neither exists. `named_parts` may be empty (see GoldenQuery).
  virtual Result<std::optional<GoldenRecord>> GetGoldenRecord(const std::string& id,
                                                              const PartIndexesOf& named_parts) = 0;
  // A page of the parts of the golden record with this id (or of its survivor), in
  // processing order, after the part whose order is `after`; nullopt when neither exists.
  virtual Result<std::optional<std::vector<GoldenPartRef>>> GoldenParts(
      const std::string& id, std::optional<int64_t> after, int limit) = 0;
  // A page of its codes, sorted, after `after`; nullopt when neither exists.
  virtual Result<std::optional<std::vector<std::string>>> GoldenCodes(
      const std::string& id, const std::optional<std::string>& after, int limit) = 0;
  // Live golden records by key, at most query.limit, after query.after_key.
  virtual Result<std::vector<GoldenRecord>> ListGoldenRecords(const GoldenQuery& query) = 0;
  virtual Result<std::vector<GoldenEdgeOut>> OutgoingEdges(int64_t golden_key) = 0;
  virtual Result<std::vector<GoldenEdgeIn>> IncomingEdges(int64_t golden_key) = 0;

  // --- what a request produced, and the change feed (SPEC §11) ---
  // A page of the receipt's records (by seq, after `after_seq`) with what processing
  // made of them; a record no job has processed yet is pending.
  virtual Result<std::vector<RecordOutcomeRef>> ReceiptOutcomes(const RecordRange& records,
                                                                std::optional<int64_t> after_seq,
                                                                int limit) = 0;
  // A page of changes after query.after_seq, oldest first. An upsert that a later
  // change of the same golden record superseded is skipped: a reader sees each golden
  // record's latest state once. kGone "cursor-expired" when after_seq lies before what
  // retention removed.
  virtual Result<ChangePage> ReadChanges(const ChangeQuery& query) = 0;
  // The seq of the newest change (0 when none was ever written).
  virtual Result<int64_t> LatestChangeSeq() = 0;
  // Called after each commit that appended changes, on the committing thread (so it must
  // be quick and must not call the store). Set once, before writes begin.
  virtual void SetChangeListener(std::function<void()> listener) = 0;

  // --- history and keep-apart rules (SPEC §11) ---
  // A page of the history of the golden record with this id (not of its survivor: a
  // merged-away record's history ends with its merge), rows after `after_seq`, until
  // their events reach about `limit`; nullopt when no golden record has this id.
  virtual Result<std::optional<GoldenHistory>> ReadGoldenHistory(const std::string& id,
                                                                 std::optional<int64_t> after_seq,
                                                                 int limit) = 0;
  // Rules oldest first, after `after_seq`.
  virtual Result<std::vector<KeepApartRule>> ListKeepApart(std::optional<int64_t> after_seq,
                                                           int limit) = 0;
  // Deletes the rule with this id (kNotFound "rule-not-found") and makes the next
  // processing job of the taken-out record's endpoint map that record again, so that it
  // may merge back.
  virtual Status DeleteKeepApart(const std::string& id) = 0;
};

}  // namespace inlet::store
