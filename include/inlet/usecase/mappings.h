// An endpoint's mapping (SPEC §3.1, §4): reading, replacing, resetting and proposing it,
// and a sample of the clues it makes of stored records.
//
// The caller (http/) parses a new mapping from its request (processing::ParseMapping)
// and renders what comes back with the processing module's writers: MappingToJson,
// ProposalToJson, ClueToJson. An endpoint returned by a change holds the mapping as
// stored in `mapping_json`, already in MappingToJson's form. Every change waits for no
// job on the endpoint, and an automatic endpoint then processes under the new mapping
// (its records may have been waiting for a complete one). A call on an endpoint starts
// with FindEndpoint, and the caller reads its parameters after it, so an unknown
// endpoint is reported before a bad parameter. Calls may block on the store: run them
// off I/O threads.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "inlet/common/issue.h"
#include "inlet/common/status.h"
#include "inlet/processing/clue.h"
#include "inlet/processing/mapping.h"
#include "inlet/processing/mapping_proposal.h"
#include "inlet/processing/processor.h"
#include "inlet/store/store.h"
#include "inlet/usecase/field_profiles.h"

namespace inlet::usecase {

// One stored record under the endpoint's mapping.
struct ClueSample {
  std::string record_id;
  std::string receipt_id;
  // Its clue, or why it cannot be mapped, as a processing job would log it (domain
  // mapping, the record's row index).
  std::variant<processing::Clue, Issue> outcome;
};

class Mappings {
 public:
  // Every argument must outlive this object.
  Mappings(store::EndpointStore& endpoints, store::RecordStore& records, FieldProfiles& profiles,
           processing::Processor& processor);

  // kNotFound "endpoint-not-found" when unknown. `endpoint_id` must be normalized.
  Result<store::Endpoint> FindEndpoint(const std::string& endpoint_id);

  // The endpoint's mapping. kInternal when the stored one does not parse: MappingToJson
  // wrote it, so that is a bug or a damaged database, not the caller's mistake.
  Result<processing::Mapping> Get(const store::Endpoint& endpoint);

  // kConflict "job-running" while a job runs on the endpoint.
  Result<store::Endpoint> Replace(const store::Endpoint& endpoint,
                                  const processing::Mapping& mapping);
  // Back to the mapping a new endpoint gets: its entity type, prefix and origin, nothing
  // else. Golden records hold parts made under the current mapping, so a reset waits
  // until they are removed: kConflict "mapping-has-data-parts".
  Result<store::Endpoint> Reset(const store::Endpoint& endpoint);
  // A mapping for the fields the endpoint's records have shown; with `apply`, stored as
  // well (as Replace). kConflict "no-fields-seen" before any record.
  Result<processing::MappingProposal> Propose(const store::Endpoint& endpoint, bool apply);

  // The clues of the endpoint's `limit` oldest stored records, in their order.
  // kConflict "mapping-incomplete" when the mapping cannot map records yet.
  Result<std::vector<ClueSample>> SampleClues(const store::Endpoint& endpoint, int limit);

 private:
  Status CheckMayChange(const store::Endpoint& endpoint);
  Result<store::Endpoint> Save(const store::Endpoint& endpoint, const processing::Mapping& mapping);

  store::EndpointStore& endpoints_;
  store::RecordStore& records_;
  FieldProfiles& profiles_;
  processing::Processor& processor_;
};

}  // namespace inlet::usecase
