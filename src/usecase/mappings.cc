#include "inlet/usecase/mappings.h"

#include "inlet/common/time.h"

namespace inlet::usecase {
namespace {

std::vector<processing::FieldSummary> Summaries(const ingest::FieldProfile& profile) {
  std::vector<processing::FieldSummary> fields;
  for (const auto& [name, stats] : profile.fields()) {
    fields.push_back({.name = name,
                      .count = stats.count,
                      .empty_count = stats.empty_count,
                      .distinct_count = stats.distinct.Estimate(),
                      .distinct_approximate = stats.distinct.approximate(),
                      .samples = stats.samples});
  }
  return fields;
}

// A record that cannot be mapped stands in a sample with why, as the processing log would
// record it.
std::variant<processing::Clue, Issue> ClueOrIssue(const processing::Mapping& mapping,
                                                  const store::StoredRecord& record) {
  auto clue = processing::BuildClue(mapping, record.data);
  if (clue.ok()) return std::move(*clue);
  Issue issue;
  issue.message_id = clue.status().message_id();
  issue.message = clue.status().message();
  issue.domain = IssueDomain::kMapping;
  issue.row_index = record.row_index;
  return issue;
}

}  // namespace

Mappings::Mappings(store::EndpointStore& endpoints, store::RecordStore& records,
                   FieldProfiles& profiles, processing::Processor& processor)
    : endpoints_(endpoints), records_(records), profiles_(profiles), processor_(processor) {}

Result<store::Endpoint> Mappings::FindEndpoint(const std::string& endpoint_id) {
  return endpoints_.GetEndpoint(endpoint_id);
}

Result<processing::Mapping> Mappings::Get(const store::Endpoint& endpoint) {
  auto mapping = processing::ParseMapping(endpoint.mapping_json);
  if (!mapping.ok()) {
    return Status::Internal("the stored mapping of endpoint " + endpoint.id +
                            " does not parse: " + mapping.status().message());
  }
  return mapping;
}

// Every change of a mapping asks here first, so a state that forbids changes is refused
// in one place for all of them.
Status Mappings::CheckMayChange(const store::Endpoint& endpoint) {
  return processor_.CheckIdle(endpoint.key);
}

Result<store::Endpoint> Mappings::Save(const store::Endpoint& endpoint,
                                       const processing::Mapping& mapping) {
  store::EndpointChanges changes;
  changes.mapping_json = processing::MappingToJson(mapping);
  changes.now_ms = NowUnixMillis();
  INLET_ASSIGN_OR_RETURN(auto updated, endpoints_.UpdateEndpoint(endpoint.id, changes));
  if (updated.mode == ProcessingMode::kAutomatic) processor_.RecordsCommitted(updated.key);
  return updated;
}

Result<store::Endpoint> Mappings::Replace(const store::Endpoint& endpoint,
                                          const processing::Mapping& mapping) {
  INLET_RETURN_IF_ERROR(CheckMayChange(endpoint));
  return Save(endpoint, mapping);
}

Result<store::Endpoint> Mappings::Reset(const store::Endpoint& endpoint) {
  INLET_ASSIGN_OR_RETURN(auto current, Get(endpoint));
  INLET_RETURN_IF_ERROR(CheckMayChange(endpoint));
  if (endpoint.data_part_count > 0) {
    return Status::Conflict("mapping-has-data-parts",
                            "endpoint " + endpoint.id + " has " +
                                std::to_string(endpoint.data_part_count) +
                                " data parts in golden records made under this mapping; run POST "
                                "/api/v1/endpoints/" +
                                endpoint.id +
                                "/remove-records first, then reset the mapping (or change it "
                                "with PUT …/mapping)");
  }
  processing::Mapping initial;
  initial.entity_type = current.entity_type;
  initial.vocabulary_prefix = current.vocabulary_prefix;
  initial.origin = current.origin;
  return Save(endpoint, initial);
}

Result<processing::MappingProposal> Mappings::Propose(const store::Endpoint& endpoint, bool apply) {
  INLET_ASSIGN_OR_RETURN(auto current, Get(endpoint));
  ingest::FieldProfile profile = profiles_.Get(endpoint.key);
  if (profile.empty()) {
    return Status::Conflict("no-fields-seen",
                            "endpoint " + endpoint.id +
                                " has no stored records, so there are no fields to propose a "
                                "mapping from; send records to /upload/api/endpoint/" +
                                endpoint.id + " first, or write the mapping with PUT …/mapping");
  }
  processing::MappingProposal proposal =
      processing::ProposeMapping(current, Summaries(profile), endpoint.record_count);
  if (apply) {
    INLET_RETURN_IF_ERROR(Replace(endpoint, proposal.mapping).status());
  }
  return proposal;
}

Result<std::vector<ClueSample>> Mappings::SampleClues(const store::Endpoint& endpoint, int limit) {
  INLET_ASSIGN_OR_RETURN(auto mapping, Get(endpoint));
  INLET_RETURN_IF_ERROR(processing::CheckComplete(mapping));
  store::RecordQuery query;
  query.endpoint_key = endpoint.key;
  query.after_seq = 0;  // oldest first
  query.limit = limit;
  INLET_ASSIGN_OR_RETURN(auto records, records_.ListRecords(query));
  std::vector<ClueSample> samples;
  for (const auto& record : records) {
    samples.push_back({.record_id = record.id,
                       .receipt_id = record.receipt_id,
                       .outcome = ClueOrIssue(mapping, record)});
  }
  return samples;
}

}  // namespace inlet::usecase
