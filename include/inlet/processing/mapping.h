// The mapping document of an endpoint (SPEC §4): how a stored record becomes a clue.
//
// The document is JSON (`GET/PUT …/mapping`); this header is its typed form. Parsing is
// strict: every member is checked, unknown members are errors, and each error names the
// bad part as a path (`mapping.identifiers[1].field must be a non-empty string`) so the
// user can fix the document without guessing. Pure: no I/O, no store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/common/status.h"

namespace inlet::processing {

// `{"fields": [...]}` (one field, or several for a compound key) or `{"auto": true}`.
struct PrimaryIdentifier {
  bool auto_hash = false;           // true: every record is keyed by its content hash
  std::vector<std::string> fields;  // non-empty, no duplicates, unless auto_hash

  bool operator==(const PrimaryIdentifier&) const = default;
};

// An additional identifier: `/<entityType>#<origin>:<value of field>`.
struct IdentifierMapping {
  std::string field;
  std::string origin;  // defaults to the mapping's origin when the document omits it

  bool operator==(const IdentifierMapping&) const = default;
};

// `{"field", "key"}` gives a field a vocabulary key (possibly outside the prefix, e.g. a
// shared `customer.email`); `{"field", "ignore": true}` keeps it out of the clue.
struct PropertyMapping {
  std::string field;
  std::string key;  // empty when ignore
  bool ignore = false;

  bool operator==(const PropertyMapping&) const = default;
};

// An edge to another entity: `{edgeType, /<entityType>#<origin>:<value of field>}`.
struct EdgeMapping {
  std::string field;
  std::string edge_type;    // "/ManagedBy": same form as an entity type
  std::string entity_type;  // of the target, e.g. "/Employee"
  std::string origin;       // of the target code; defaults to the mapping's origin

  bool operator==(const EdgeMapping&) const = default;
};

struct Mapping {
  std::string entity_type;                              // "/Customer"
  std::string vocabulary_prefix;                        // "crm.customer"
  std::string origin;                                   // "crm"
  std::optional<PrimaryIdentifier> primary_identifier;  // nullopt: not set (incomplete)
  std::vector<IdentifierMapping> identifiers;
  std::optional<std::string> name_field;
  std::optional<std::string> description_field;
  std::optional<std::string> created_date_field;
  std::optional<std::string> modified_date_field;
  std::vector<PropertyMapping> properties;  // at most one entry per field
  std::vector<EdgeMapping> edges;

  bool operator==(const Mapping&) const = default;
};

// Parses and validates a mapping document. Required: "entityType" (an entity type),
// "vocabularyPrefix" and "origin" (non-empty strings). Optional, with their defaults:
// "primaryIdentifier" (null), "identifiers" ([]), the four "*Field" members (null),
// "properties" ([]), "edges" ([]). An identifier's or edge's "origin" defaults to the
// mapping's origin. Fails with kInvalidArgument, message id "invalid-mapping", and a
// message that names the bad part; nothing else fails.
Result<Mapping> ParseMapping(std::string_view json);

// The document for `m`, every member written (defaults made explicit), in the order of
// SPEC §4. ParseMapping(MappingToJson(m)) == m for every m that ParseMapping returned.
// Also the canonical form hashed into each clue's hash: equal mappings give equal text.
std::string MappingToJson(const Mapping& m);

// True when records can be mapped: the primary identifier is set.
bool IsComplete(const Mapping& m);

// Ok when complete; otherwise kConflict "mapping-incomplete" whose message says what is
// missing and how to set it (the 409 of a process call, SPEC §4).
Status CheckComplete(const Mapping& m);

// One or more "/Name" segments, each a letter followed by letters, digits or '_':
// "/Customer", "/Infrastructure/User". Used for entity and edge types.
bool IsEntityType(std::string_view text);

}  // namespace inlet::processing
