// Proposing a mapping from the fields an endpoint has seen (SPEC §4, `POST …/mapping/auto`).
//
// A proposal is a starting point for a person to review, not a decision: every part it
// sets (or leaves unset) comes with a reason that names the field and the numbers that
// decided. The rules are in docs/processing.md ("Proposing a mapping"). Pure: the caller
// hands in a summary of the field profile, so processing does not depend on ingestion.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "inlet/processing/mapping.h"

namespace inlet::processing {

// One top-level field as the endpoint's field profile saw it (SPEC §3 "Fields").
struct FieldSummary {
  std::string name;
  int64_t count = 0;           // records that had the field
  int64_t empty_count = 0;     // of those, with null or ""
  int64_t distinct_count = 0;  // distinct values; an estimate when distinct_approximate
  bool distinct_approximate = false;
  std::vector<std::string> samples;  // a few distinct non-empty values, as stored JSON text
};

// Why the proposal set (or did not set) one part of the mapping.
struct ProposalReason {
  // The mapping member it explains: "primaryIdentifier", "identifiers", "identifiers[0]",
  // "nameField", "descriptionField", "createdDateField" or "modifiedDateField".
  std::string part;
  std::string why;

  bool operator==(const ProposalReason&) const = default;
};

struct MappingProposal {
  Mapping mapping;
  std::vector<ProposalReason> reasons;  // in the order of the mapping's members
};

// Proposes a mapping for records with `fields` (in any order; ties are broken by this
// order). `record_count` is how many records the profile covers; a field is "in every
// record" when its count reaches max(record_count, the largest field count).
//
// Kept from `current`: entityType, vocabularyPrefix, origin, properties and edges.
// Proposed: primaryIdentifier (an id-like, complete, never empty, unique field; else any
// such field; else {"auto": true}), identifiers (email-like fields, origin "email"),
// nameField, descriptionField, createdDateField and modifiedDateField (null when nothing
// fits). Always gives one reason for each proposed part, and one per identifier.
MappingProposal ProposeMapping(const Mapping& current, const std::vector<FieldSummary>& fields,
                               int64_t record_count);

// `{"mapping": <MappingToJson>, "reasons": [{"part", "why"}]}`: the answer of
// `POST …/mapping/auto`.
std::string ProposalToJson(const MappingProposal& proposal);

}  // namespace inlet::processing
