#include "inlet/processing/engine.h"

#include <algorithm>
#include <future>
#include <numeric>
#include <unordered_map>

#include "inlet/processing/clue.h"
#include "inlet/processing/golden_document.h"
#include "processing/engine_events.h"

namespace inlet::processing {
namespace {

// "/Employee#hr:7" → "/Employee": an entity type never holds '#'.
std::string EntityTypeOfCode(const std::string& code) { return code.substr(0, code.find('#')); }

std::vector<store::PartEdge> EdgesOf(const Clue& clue) {
  std::vector<store::PartEdge> edges;
  for (const auto& e : clue.edges) edges.push_back({e.edge_type, e.target_code});
  return edges;
}

// Union-find over part indexes: parts sharing a code end in one set.
class Components {
 public:
  explicit Components(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  size_t Find(size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void Join(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

// The clues of records[i] for each i of `which`, in that order. Mapping is pure and most
// of a job's CPU time, so with a helper thread a large batch is split in two.
std::vector<Result<Clue>> BuildClues(const Mapping& mapping, const std::string& mapping_text,
                                     const std::vector<store::StoredRecord>& records,
                                     const std::vector<size_t>& which, WorkQueue* helper) {
  auto build = [&](size_t begin, size_t end) {
    std::vector<Result<Clue>> clues;
    clues.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      clues.push_back(BuildClue(mapping, mapping_text, records[which[i]].data));
    }
    return clues;
  };
  constexpr size_t kSplitFrom = 256;
  if (helper == nullptr || which.size() < kSplitFrom) return build(0, which.size());
  const size_t half = which.size() / 2;
  std::vector<Result<Clue>> second_half;
  std::promise<void> second_done;
  std::future<void> second_finished = second_done.get_future();
  helper->Post([&] {
    try {
      second_half = build(half, which.size());
      second_done.set_value();
    } catch (...) {
      second_done.set_exception(std::current_exception());
    }
  });
  std::vector<Result<Clue>> clues;
  try {
    clues = build(0, half);
  } catch (...) {
    // The helper works on this frame's locals: they must outlive it.
    second_finished.wait();
    throw;
  }
  second_finished.get();  // rethrows what the helper threw
  clues.insert(clues.end(), std::make_move_iterator(second_half.begin()),
               std::make_move_iterator(second_half.end()));
  return clues;
}

// The dates a clue has but could not read: the record still counts, as undated.
void LogUnparseableDates(const Mapping& mapping, const store::StoredRecord& record,
                         const Clue& clue, ProcessingLog& log) {
  for (const auto* date : {&clue.created, &clue.modified}) {
    if (*date && (*date)->unparseable()) {
      const bool modified = date == &clue.modified;
      const std::string field = modified ? mapping.modified_date_field.value_or("")
                                         : mapping.created_date_field.value_or("");
      log.Add(record.receipt_seq, IssueLevel::kWarning, IssueDomain::kProcessing,
              "unparseable-date", field, record.row_index,
              "the " + std::string(modified ? "modified" : "created") + " date \"" + (*date)->text +
                  "\" is neither ISO-8601 nor epoch milliseconds; the record "
                  "counts as undated when values compete");
    }
  }
}

// The part `record` makes with `clue`, but for its golden record and payload.
store::DataPart NewPart(const EndpointRef& endpoint, const store::StoredRecord& record,
                        const Clue& clue, std::string source_hash) {
  store::DataPart part;
  part.endpoint_key = endpoint.key;
  part.endpoint_id = endpoint.id;
  part.record_seq = record.seq;
  part.record_id = record.id;
  part.receipt_seq = record.receipt_seq;
  part.receipt_id = record.receipt_id;
  part.clue_hash = clue.hash;
  part.source_hash = std::move(source_hash);
  part.edges = EdgesOf(clue);
  part.primary_code = clue.code;
  return part;
}

}  // namespace

void ProcessingLog::Add(int64_t receipt_seq, IssueLevel level, IssueDomain domain,
                        const std::string& message_id, const std::string& property,
                        int64_t row_index, const std::string& message) {
  auto [it, fresh] = rows_.try_emplace(Key{receipt_seq, level, domain, message_id, property});
  LogRow& row = it->second;
  if (fresh) {
    row.level = level;
    row.domain = domain;
    row.message_id = message_id;
    if (!property.empty()) row.property = property;
    row.count = 0;
    row.message = message;
  }
  ++row.count;
  if (row.first_row_indexes.size() < kMaxRowIndexesPerLogRow) {
    row.first_row_indexes.push_back(row_index);
  }
}

Status ProcessingLog::WriteTo(store::GoldenWriter& writer, int64_t endpoint_key, int64_t now_ms) {
  for (const auto& [key, row] : rows_) {
    const int64_t receipt_seq = std::get<0>(key);
    INLET_RETURN_IF_ERROR(writer.AddLog(
        endpoint_key, receipt_seq > 0 ? std::optional<int64_t>(receipt_seq) : std::nullopt, row,
        now_ms));
  }
  rows_.clear();
  return Status::Ok();
}

Status GoldenEngine::Apply(const EndpointRef& endpoint, const Mapping& mapping,
                           const std::vector<store::StoredRecord>& records, ProcessCounts& counts,
                           ProcessingLog& log) {
  if (records.empty()) return Status::Ok();
  // Codes must lead where the parts are before new clues look them up.
  INLET_RETURN_IF_ERROR(SettleRemovals());
  if (mapping_text_.empty() || !(mapping == mapping_)) {
    mapping_ = mapping;
    mapping_text_ = MappingToJson(mapping);
    mapping_digest_ = MappingDigest(mapping_text_);
  }
  // Which of these records have parts, and from what: one range read. Only a record's
  // own Apply replaces its part, so what is read here stays true below.
  const auto [lowest, highest] = std::minmax_element(
      records.begin(), records.end(),
      [](const store::StoredRecord& a, const store::StoredRecord& b) { return a.seq < b.seq; });
  INLET_ASSIGN_OR_RETURN(auto held, writer_.PartHashes(endpoint.key, lowest->seq, highest->seq));
  std::unordered_map<int64_t, const store::PartHash*> held_by_seq;
  held_by_seq.reserve(held.size());
  for (const auto& part : held) held_by_seq.emplace(part.record_seq, &part);

  // A part built from this very mapping and record text holds this record's clue: it is
  // unchanged without mapping the record. Only the others are mapped.
  std::vector<std::string> sources(records.size());
  std::vector<const store::PartHash*> held_of(records.size(), nullptr);
  std::vector<size_t> to_map;
  to_map.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    sources[i] = SourceHash(mapping_digest_, records[i].data);
    auto found = held_by_seq.find(records[i].seq);
    if (found != held_by_seq.end()) held_of[i] = found->second;
    if (held_of[i] == nullptr || held_of[i]->source_hash_prefix != sources[i]) to_map.push_back(i);
  }
  std::vector<Result<Clue>> clues = BuildClues(mapping, mapping_text_, records, to_map, helper_);
  size_t next = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    if (next == to_map.size() || to_map[next] != i) {
      ++counts.unchanged;
      continue;
    }
    INLET_RETURN_IF_ERROR(ApplyRecord(endpoint, mapping, records[i], std::move(clues[next]),
                                      std::move(sources[i]), held_of[i], counts, log));
    ++next;
  }
  return Status::Ok();
}

Status GoldenEngine::ApplyRecord(const EndpointRef& endpoint, const Mapping& mapping,
                                 const store::StoredRecord& record, Result<Clue> built,
                                 std::string source_hash, const store::PartHash* held,
                                 ProcessCounts& counts, ProcessingLog& log) {
  if (!built.ok()) {
    ++counts.failed;
    NoteOutcome(endpoint, record, RecordOutcome::kFailed, std::nullopt);
    log.Add(record.receipt_seq, IssueLevel::kError, IssueDomain::kMapping,
            built.status().message_id(), "", record.row_index,
            "record " + record.id + ": " + built.status().message());
    return Status::Ok();
  }
  const Clue& clue = *built;
  LogUnparseableDates(mapping, record, clue, log);
  // Unchanged: the record's own part has this clue (no lookup). A part whose clue is the
  // same but that came from another text (made before parts kept source hashes, or
  // members reordered) learns this one, so the next job need not map the record.
  if (held != nullptr && !held->clue_hash_prefix.empty() &&
      clue.hash.starts_with(held->clue_hash_prefix)) {
    ++counts.unchanged;
    return writer_.SetPartSourceHash(endpoint.key, record.seq, source_hash);
  }
  if (held != nullptr) INLET_RETURN_IF_ERROR(TakeOutOldPart(endpoint, record, counts));
  INLET_ASSIGN_OR_RETURN(auto holders, FindHolders(clue));
  INLET_ASSIGN_OR_RETURN(auto apart, HoldersKeptApart(clue.code, holders));
  for (int64_t key : apart) holders.erase(key);
  // Unchanged too: a record without a part whose clue another part of the endpoint
  // holds (the same record sent again). Equal clues have equal codes, which all lead
  // to that part's golden record. A record that had a part of another clue (the mapping
  // changed) is not: its old part must be replaced, not kept.
  if (held == nullptr && holders.size() == 1) {
    INLET_ASSIGN_OR_RETURN(auto seen,
                           writer_.GoldenHoldsClue(*holders.begin(), endpoint.key, clue.hash));
    if (seen) {
      ++counts.unchanged;
      NoteOutcome(endpoint, record, RecordOutcome::kUnchanged, *holders.begin());
      return Status::Ok();
    }
  }
  store::DataPart part = NewPart(endpoint, record, clue, std::move(source_hash));
  const PartName name{endpoint.id, record.id};
  INLET_ASSIGN_OR_RETURN(
      auto joined, holders.empty() ? CreateGoldenOf(clue, name) : MergeHolders(holders, name));
  ++(joined.outcome == RecordOutcome::kCreated ? counts.created : counts.merged);
  part.golden_key = joined.golden_key;
  NoteOutcome(endpoint, record, joined.outcome, joined.golden_key);
  INLET_RETURN_IF_ERROR(StorePart(clue, part, apart, counts));
  const Clue& kept = clues_[{endpoint.key, record.seq}] = std::move(*built);
  // A part joined an existing golden record: the last in its processing order.
  if (!holders.empty()) Append(part.golden_key, kept, name);
  return EnsureEdgeTargets(part.edges);
}

Status GoldenEngine::TakeOutOldPart(const EndpointRef& endpoint, const store::StoredRecord& record,
                                    ProcessCounts& counts) {
  INLET_ASSIGN_OR_RETURN(auto old, writer_.FindPart(endpoint.key, record.seq));
  if (old) {
    Note(old->golden_key, PartEvent(HistoryKind::kPartRemoved, PartName{endpoint.id, record.id}));
    INLET_RETURN_IF_ERROR(TakeOut(*old));
    --counts.parts_delta;
  }
  return Status::Ok();
}

Result<std::set<int64_t>> GoldenEngine::FindHolders(const Clue& clue) {
  std::set<int64_t> holders;
  for (const auto& code : clue.codes) {
    INLET_ASSIGN_OR_RETURN(auto holder, writer_.FindCode(code));
    if (holder) holders.insert(*holder);
  }
  return holders;
}

// A golden record of this one part: its document is known now and goes into the same
// insert, so it is not written twice.
Result<GoldenEngine::Joined> GoldenEngine::CreateGoldenOf(const Clue& clue, const PartName& part) {
  GoldenDocument doc = BuildGoldenDocument({&clue});
  // Most golden records are made by one part and never change: their history is this
  // one event, in their own row, and their values are those of their document.
  INLET_ASSIGN_OR_RETURN(
      auto head,
      writer_.CreateGolden(clue.entity_type,
                           {.shadow = false,
                            .name = std::move(doc.name),
                            .document = std::move(doc.json),
                            .search_text = std::move(doc.search_text),
                            .now_ms = now_ms_,
                            .creation = EncodeHistory({PartEvent(HistoryKind::kCreated, part)}, 0),
                            .creation_job = job_id_}));
  return Joined{head.key, RecordOutcome::kCreated};
}

Result<GoldenEngine::Joined> GoldenEngine::MergeHolders(const std::set<int64_t>& holders,
                                                        const PartName& part) {
  std::vector<store::GoldenHead> heads;  // the oldest first: the survivor
  bool only_shadows = true;
  for (int64_t key : holders) {
    INLET_ASSIGN_OR_RETURN(auto head, writer_.GetGolden(key));
    only_shadows = only_shadows && head.shadow;
    heads.push_back(std::move(head));
  }
  const store::GoldenHead& survivor = heads.front();
  Note(survivor.key,
       PartEvent(only_shadows ? HistoryKind::kCreated : HistoryKind::kPartAdded, part));
  for (size_t i = 1; i < heads.size(); ++i) {
    INLET_RETURN_IF_ERROR(writer_.MergeGolden(heads[i].key, survivor.key, now_ms_));
    pending_.erase(heads[i].key);
    Note(survivor.key, MergeEvent(heads[i].id, ""));
    Note(heads[i].key, MergeEvent("", survivor.id));
    // The survivor's parts now interleave with the merged ones' in processing order.
    Rebuild(survivor.key);
  }
  return Joined{survivor.key, only_shadows ? RecordOutcome::kCreated : RecordOutcome::kMerged};
}

void GoldenEngine::NoteOutcome(const EndpointRef& endpoint, const store::StoredRecord& record,
                               RecordOutcome outcome, std::optional<int64_t> golden_key) {
  outcomes_.push_back({endpoint.key, record.seq, record.row_index, record.id, outcome, golden_key});
}

Status GoldenEngine::StorePart(const Clue& clue, store::DataPart& part,
                               const std::set<int64_t>& apart, ProcessCounts& counts) {
  for (const auto& code : clue.codes) {
    if (!apart.empty()) {
      INLET_ASSIGN_OR_RETURN(auto holder, writer_.FindCode(code));
      if (holder && apart.count(*holder)) continue;
    }
    INLET_RETURN_IF_ERROR(writer_.SetCode(code, part.golden_key));
  }
  part.payload = ClueToJson(clue, /*with_hash=*/false);
  INLET_RETURN_IF_ERROR(writer_.PutPart(part));
  ++counts.parts_delta;
  return Status::Ok();
}

Status GoldenEngine::Remove(const store::DataPart& part, ProcessCounts& counts) {
  // The part as it is now, whatever golden record it was read in.
  INLET_ASSIGN_OR_RETURN(auto current, writer_.FindPart(part.endpoint_key, part.record_seq));
  if (!current) return Status::Ok();
  INLET_ASSIGN_OR_RETURN(auto clue, ClueOf(*current));
  for (const auto& edge : clue->edges) released_.insert(edge.target_code);
  Note(current->golden_key,
       PartEvent(HistoryKind::kPartRemoved, PartName{current->endpoint_id, current->record_id}));
  clues_.erase({part.endpoint_key, part.record_seq});
  INLET_RETURN_IF_ERROR(writer_.DeletePart(*current));
  INLET_RETURN_IF_ERROR(
      writer_.DeleteOutcomes(current->endpoint_key, current->record_seq, current->record_seq));
  taken_from_.insert(current->golden_key);
  ++counts.removed;
  --counts.parts_delta;
  return Status::Ok();
}

Status GoldenEngine::SettleRemovals() {
  std::set<int64_t> goldens;
  goldens.swap(taken_from_);
  std::set<std::string> targets;
  targets.swap(released_);
  for (int64_t key : goldens) INLET_RETURN_IF_ERROR(Reconcile(key));
  return ReleaseEdgeTargets(targets);
}

Status GoldenEngine::TakeOut(const store::DataPart& part) {
  INLET_ASSIGN_OR_RETURN(auto clue, ClueOf(part));
  std::set<std::string> targets;
  for (const auto& edge : clue->edges) targets.insert(edge.target_code);
  clues_.erase({part.endpoint_key, part.record_seq});
  INLET_RETURN_IF_ERROR(writer_.DeletePart(part));
  INLET_RETURN_IF_ERROR(Reconcile(part.golden_key));
  return ReleaseEdgeTargets(targets);
}

Result<const Clue*> GoldenEngine::ClueOf(const store::DataPart& part) {
  const auto key = std::make_pair(part.endpoint_key, part.record_seq);
  auto found = clues_.find(key);
  if (found != clues_.end()) return &found->second;
  INLET_ASSIGN_OR_RETURN(auto parsed, ParseClueJson(part.payload));
  return &clues_.emplace(key, std::move(parsed)).first->second;
}

Status GoldenEngine::EnsureEdgeTargets(const std::vector<store::PartEdge>& edges) {
  for (const auto& edge : edges) {
    INLET_ASSIGN_OR_RETURN(auto holder, writer_.FindCode(edge.target_code));
    if (holder) continue;
    // A shadow has no parts: its document is known now and goes into the insert.
    GoldenDocument doc = BuildGoldenDocument({});
    INLET_ASSIGN_OR_RETURN(auto shadow, writer_.CreateGolden(EntityTypeOfCode(edge.target_code),
                                                             {.shadow = true,
                                                              .name = std::move(doc.name),
                                                              .document = std::move(doc.json),
                                                              .search_text = {},
                                                              .now_ms = now_ms_,
                                                              .creation = {},
                                                              .creation_job = {}}));
    INLET_RETURN_IF_ERROR(writer_.SetCode(edge.target_code, shadow.key));
  }
  return Status::Ok();
}

// A shadow that removed parts' edges kept alive may now be pointed at by nobody.
Status GoldenEngine::ReleaseEdgeTargets(const std::set<std::string>& target_codes) {
  for (const auto& code : target_codes) {
    INLET_ASSIGN_OR_RETURN(auto holder, writer_.FindCode(code));
    if (!holder) continue;
    INLET_ASSIGN_OR_RETURN(auto head, writer_.GetGolden(*holder));
    if (head.shadow) INLET_RETURN_IF_ERROR(Reconcile(head.key));
  }
  return Status::Ok();
}

Status GoldenEngine::Reconcile(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto parts, writer_.PartsOf(golden_key));
  INLET_ASSIGN_OR_RETURN(auto old_codes, writer_.CodesOf(golden_key));

  // Which parts still share codes: each connected set is one golden record.
  std::vector<std::vector<std::string>> part_codes;
  std::unordered_map<std::string, size_t> first_holder;
  Components components(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    INLET_ASSIGN_OR_RETURN(auto clue, ClueOf(parts[i]));
    for (const auto& code : clue->codes) {
      auto [it, fresh] = first_holder.try_emplace(code, i);
      if (!fresh) components.Join(it->second, i);
    }
    part_codes.push_back(clue->codes);
  }

  INLET_RETURN_IF_ERROR(writer_.DeleteCodesOf(golden_key));
  // Parts come by processing order, so part 0's set keeps the id.
  std::map<size_t, int64_t> key_of_root;
  bool keeps_any = !parts.empty();
  INLET_ASSIGN_OR_RETURN(auto self, writer_.GetGolden(golden_key));
  for (size_t i = 0; i < parts.size(); ++i) {
    const size_t root = components.Find(i);
    auto found = key_of_root.find(root);
    if (found == key_of_root.end()) {
      int64_t key = golden_key;
      if (!key_of_root.empty()) {
        INLET_ASSIGN_OR_RETURN(auto split,
                               writer_.CreateGolden(self.entity_type, BlankState(false, now_ms_)));
        key = split.key;
      }
      found = key_of_root.emplace(root, key).first;
      Rebuild(key);
    }
    const store::DataPart& part = parts[i];
    if (found->second != golden_key) {
      INLET_RETURN_IF_ERROR(writer_.MovePart(part.endpoint_key, part.record_seq, found->second));
      const PartName name{part.endpoint_id, part.record_id};
      Note(golden_key, PartEvent(HistoryKind::kPartRemoved, name));
      // The first part of a split-off golden record made it.
      const bool first = history_[found->second].events.empty();
      Note(found->second, PartEvent(first ? HistoryKind::kCreated : HistoryKind::kPartAdded, name));
    }
    for (const auto& code : part_codes[i]) {
      INLET_RETURN_IF_ERROR(ClaimCode(code, found->second));
    }
  }
  // Codes no part holds any more stay while edges point at them.
  for (const auto& code : old_codes) {
    if (first_holder.count(code)) continue;
    INLET_ASSIGN_OR_RETURN(auto wanted, writer_.HasIncomingEdges(code));
    if (!wanted) continue;
    INLET_RETURN_IF_ERROR(writer_.SetCode(code, golden_key));
    keeps_any = true;
  }
  if (!keeps_any) {
    pending_.erase(golden_key);
    history_.erase(golden_key);  // its history goes with it
    return writer_.DeleteGolden(golden_key, now_ms_);
  }
  Rebuild(golden_key);
  return Status::Ok();
}

void GoldenEngine::Rebuild(int64_t golden_key) {
  Pending& pending = pending_[golden_key];
  pending.rebuild = true;
  pending.appended.clear();
}

void GoldenEngine::Append(int64_t golden_key, const Clue& clue, const PartName& part) {
  Pending& pending = pending_[golden_key];
  if (!pending.rebuild) pending.appended.push_back({&clue, part});
}

Status GoldenEngine::ClaimCode(const std::string& code, int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto holder, writer_.FindCode(code));
  if (holder && *holder != golden_key) return Status::Ok();
  return writer_.SetCode(code, golden_key);
}

Status GoldenEngine::RebuildFromParts(int64_t golden_key) {
  INLET_ASSIGN_OR_RETURN(auto stored, writer_.GoldenDocumentOf(golden_key));
  INLET_ASSIGN_OR_RETURN(auto parts, writer_.PartsOf(golden_key));
  Survivorship state;
  for (const auto& part : parts) {
    INLET_ASSIGN_OR_RETURN(auto clue, ClueOf(part));
    state.Add(*clue);
  }
  return Save(golden_key, PropertyValuesOf(stored), state, [&](int64_t index) {
    const auto& part = parts.at(static_cast<size_t>(index));
    return PartName{part.endpoint_id, part.record_id};
  });
}

Status GoldenEngine::Extend(int64_t golden_key, const std::vector<Appended>& appended) {
  INLET_ASSIGN_OR_RETURN(auto stored, writer_.GoldenDocumentOf(golden_key));
  std::optional<Survivorship> state = Survivorship::FromDocument(stored);
  // A document of an older layout does not say enough to go on from: read every part.
  if (!state) return RebuildFromParts(golden_key);
  std::map<std::string, std::string> before;
  for (const auto& [key, winner] : state->properties()) before.emplace(key, winner.value);
  // A value that changed comes from one of the appended parts.
  const int64_t first_appended = state->part_count();
  for (const auto& part : appended) state->Add(*part.clue);
  return Save(golden_key, before, *state, [&](int64_t index) {
    return appended.at(static_cast<size_t>(index - first_appended)).part;
  });
}

Status GoldenEngine::Finish() {
  INLET_RETURN_IF_ERROR(SettleRemovals());
  if (!outcomes_.empty()) {
    INLET_RETURN_IF_ERROR(writer_.PutOutcomes(outcomes_));
    outcomes_.clear();
  }
  for (const auto& [key, pending] : pending_) {
    INLET_RETURN_IF_ERROR(pending.rebuild ? RebuildFromParts(key) : Extend(key, pending.appended));
  }
  pending_.clear();
  return WriteHistory();
}

}  // namespace inlet::processing
