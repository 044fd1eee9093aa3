// Clues (SPEC §4, §5): the mapped form of one stored record.
//
// A clue is what the golden-record engine consumes: the record's identifiers (codes),
// its properties under vocabulary keys, its name, description, dates and edges, and a
// hash that tells whether the same record under the same mapping was processed before.
// Building one is pure: no I/O, no store.
//
// Values. A stored record is a compact JSON object as ingestion writes it. A member's
// value becomes text this way: a string gives its characters (escapes decoded), a
// number its exact source text ("1.50" stays "1.50", 30-digit integers stay whole),
// true/false their literal, an array or object its compact JSON text. `null` and `""`
// are *empty*.
//
// Codes are `<entityType>#<origin>:<value>` ("/Customer#crm:42"), compared
// case-sensitively.
//   - Primary identifier, one field: its value. An array gives one code per non-empty
//     element, the first being the primary code.
//   - Compound key: the values in mapping order joined with '|' (arrays and objects
//     as their JSON text).
//   - A missing primary-identifier field fails the record (kInvalidArgument,
//     "primary-identifier-missing", issue domain `mapping`).
//   - An empty value (any empty part of a compound key, or an empty array) is replaced by
//     "hash-sha1:<40 hex>" over the record's canonical form (CanonicalRecord); so is
//     every record's value under `{"auto": true}`.
//   - Additional identifiers and edges: one per non-empty value (arrays: per non-empty
//     element); empty values are skipped, never hashed — otherwise every record with
//     an empty email would merge.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/common/crypto.h"
#include "inlet/common/status.h"
#include "inlet/processing/mapping.h"

namespace inlet::processing {

// A created or modified date as sent, and its instant when it could be read.
struct ClueDate {
  std::string text;                 // the value's text, never empty
  std::optional<int64_t> epoch_ms;  // nullopt: unparseable (the caller logs it)

  bool unparseable() const { return !epoch_ms.has_value(); }
  bool operator==(const ClueDate&) const = default;
};

struct ClueProperty {
  std::string key;    // "<vocabularyPrefix>.<field>" or the mapping's key for the field
  std::string value;  // exact source text, never empty
  bool operator==(const ClueProperty&) const = default;
};

struct ClueEdge {
  std::string edge_type;    // "/ManagedBy"
  std::string target_code;  // "/Employee#hr:7"
  bool operator==(const ClueEdge&) const = default;
};

struct Clue {
  std::string entity_type;
  std::string code;                 // the primary code
  std::vector<std::string> codes;   // every code: primary first, then the others, no repeats
  std::string name;                 // empty when the field is unset, missing or empty
  std::string description;          // likewise
  std::optional<ClueDate> created;  // nullopt when unset, missing or empty
  std::optional<ClueDate> modified;
  // Sorted by key. Every top-level field not ignored by the mapping, except empty
  // values (they never win, SPEC §5). When two fields share a key, the first in record
  // order wins.
  std::vector<ClueProperty> properties;
  std::vector<ClueEdge> edges;  // in mapping order, then value order; no repeats
  // SHA-256 hex over MappingToJson(mapping), a newline and ClueToJson of this clue
  // without its hash. Unchanged record + unchanged mapping → same hash; a changed
  // mapping or any changed clue content (codes, properties, …) → another.
  std::string hash;

  bool operator==(const Clue&) const = default;
};

// Maps one stored record. Fails with kConflict "mapping-incomplete" when the mapping has
// no primary identifier, kInvalidArgument "primary-identifier-missing" when the record
// lacks a primary-identifier field (the message names it), and kInvalidArgument
// "invalid-record" when `record_json` is not a JSON object.
Result<Clue> BuildClue(const Mapping& mapping, std::string_view record_json);
// The same, with `mapping_text` = MappingToJson(mapping) computed once by a caller that
// maps many records under one mapping.
Result<Clue> BuildClue(const Mapping& mapping, std::string_view mapping_text,
                       std::string_view record_json);

// The clue as JSON (for sample clues and for hashing), members in a fixed order:
// {"entityType", "code", "codes", "name", "description", "createdDate", "modifiedDate",
//  "properties": {key: value}, "edges": [{"edgeType", "to"}], "hash"}; a date is
// {"text", "epochMs"} (epochMs null when unparseable) or null. `with_hash` false leaves
// out "hash" (the form that is hashed).
std::string ClueToJson(const Clue& clue, bool with_hash = true);

// The clue's `hash` field as BuildClue sets it (see Clue::hash); `clue.hash` itself is
// not part of the input.
std::string ClueHash(const Mapping& mapping, const Clue& clue);
std::string ClueHash(std::string_view mapping_text, const Clue& clue);

// A record's clue depends on nothing but the mapping and the record's text, so a digest
// of the two tells a job that a part is unchanged without mapping its record again.
// MappingDigest is computed once per mapping from MappingToJson's text (and the version
// of BuildClue's rules, raised whenever they give another clue for the same input);
// SourceHash is the first 128 bits of SHA-256 over that digest and the record's text, as
// 32 lower-case hex digits (what a data part stores).
Sha256Digest MappingDigest(std::string_view mapping_text);
std::string SourceHash(const Sha256Digest& mapping_digest, std::string_view record_json);

// Reads a clue back from ClueToJson's text (as data parts keep it; without a "hash" the
// result's hash is empty). kInternal when the text is not such a clue.
Result<Clue> ParseClueJson(std::string_view json);

// The canonical form of a record that "hash-sha1:" identifiers are computed over: its
// top-level members sorted by name (byte order; equal names keep their order), written
// `{"name":value,...}` with no whitespace, each value exactly as stored (stored records
// are compact JSON, so equal data gives equal text whatever the member order).
std::string CanonicalRecord(std::string_view record_json);

// "hash-sha1:" + lower-case SHA-1 hex of CanonicalRecord(record_json).
std::string RecordHashIdentifier(std::string_view record_json);

// Milliseconds since the Unix epoch for a date value's text: ISO-8601 ("2024-05-01",
// "2024-05-01T10:00:00Z", "2024-05-01 10:00", fractional seconds, "+02:00"/"+0200"
// offsets; no zone means UTC) or an integer of epoch milliseconds ("1714557600000").
// nullopt when it is neither or names no real instant (month 13, Feb 30, …).
std::optional<int64_t> ParseDateMillis(std::string_view text);

}  // namespace inlet::processing
