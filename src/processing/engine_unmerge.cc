// GoldenEngine: unmerge and the keep-apart rules it leaves (SPEC §11; engine.h).
#include <set>

#include "inlet/processing/engine.h"
#include "processing/engine_events.h"

namespace inlet::processing {

Result<std::set<int64_t>> GoldenEngine::HoldersKeptApart(const std::string& code,
                                                         const std::set<int64_t>& holders) {
  std::set<int64_t> apart;
  if (holders.empty()) return apart;
  INLET_ASSIGN_OR_RETURN(auto any, writer_.AnyKeepApart());
  if (!any) return apart;
  std::vector<int64_t> joins;
  for (int64_t holder : holders) {
    INLET_ASSIGN_OR_RETURN(bool kept, writer_.KeptApart(code, holder));
    for (size_t i = 0; !kept && i < joins.size(); ++i) {
      INLET_ASSIGN_OR_RETURN(kept, writer_.KeptApart(holder, joins[i]));
    }
    if (kept) {
      apart.insert(holder);
    } else {
      joins.push_back(holder);
    }
  }
  return apart;
}

Result<GoldenEngine::Unmerged> GoldenEngine::Unmerge(int64_t golden_key, int64_t endpoint_key,
                                                     const std::string& record_id) {
  INLET_RETURN_IF_ERROR(SettleRemovals());
  INLET_ASSIGN_OR_RETURN(auto head, writer_.GetGolden(golden_key));
  INLET_ASSIGN_OR_RETURN(auto parts, writer_.PartsOf(golden_key));
  const store::DataPart* named = nullptr;
  for (auto& part : parts) {
    INLET_ASSIGN_OR_RETURN(auto clue, ClueOf(part));
    part.primary_code = clue->code;
    if (part.endpoint_key == endpoint_key && part.record_id == record_id) named = &part;
  }
  if (named == nullptr) {
    return Status::NotFound("part-not-found", "golden record " + head.id +
                                                  " has no part from record \"" + record_id +
                                                  "\" of that endpoint");
  }
  const std::string taken_code = named->primary_code;
  std::vector<store::DataPart*> taken, stays;
  for (auto& part : parts) (part.primary_code == taken_code ? taken : stays).push_back(&part);
  if (stays.empty()) {
    return Status::Conflict("nothing-to-unmerge", "every part of golden record " + head.id +
                                                      " comes from " + taken_code +
                                                      "; there is nothing to unmerge it from");
  }
  std::set<std::string> codes_that_stay;
  for (const store::DataPart* part : stays) {
    INLET_ASSIGN_OR_RETURN(auto clue, ClueOf(*part));
    codes_that_stay.insert(clue->codes.begin(), clue->codes.end());
  }
  INLET_ASSIGN_OR_RETURN(auto split,
                         writer_.CreateGolden(head.entity_type, BlankState(false, now_ms_)));
  for (store::DataPart* part : taken) {
    INLET_RETURN_IF_ERROR(writer_.MovePart(part->endpoint_key, part->record_seq, split.key));
    INLET_RETURN_IF_ERROR(
        writer_.SetOutcomeGolden(part->endpoint_key, part->record_seq, split.key));
    part->golden_key = split.key;
    INLET_ASSIGN_OR_RETURN(auto clue, ClueOf(*part));
    for (const auto& code : clue->codes) {
      if (!codes_that_stay.count(code)) INLET_RETURN_IF_ERROR(writer_.SetCode(code, split.key));
    }
    Note(golden_key, PartEvent(HistoryKind::kUnmerged, {part->endpoint_id, part->record_id}));
    Note(split.key, PartEvent(HistoryKind::kUnmerged, {part->endpoint_id, part->record_id}));
  }
  const store::DataPart& anchor = *stays.front();
  std::vector<store::DataPart> named_by_rule;
  for (const auto& part : parts) {
    if (part.primary_code == taken_code || part.primary_code == anchor.primary_code) {
      named_by_rule.push_back(part);
    }
  }
  INLET_ASSIGN_OR_RETURN(auto rule_id, writer_.AddKeepApart({taken_code, endpoint_key, record_id},
                                                            {anchor.primary_code,
                                                             anchor.endpoint_key, anchor.record_id},
                                                            named_by_rule, job_id_, now_ms_));
  Rebuild(split.key);
  // What stays may no longer hold together without the parts taken out.
  INLET_RETURN_IF_ERROR(Reconcile(golden_key));
  return Unmerged{split.key, std::move(rule_id)};
}

}  // namespace inlet::processing
