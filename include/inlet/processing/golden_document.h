// Survivorship (SPEC §5): what a golden record says, computed from its data parts.
//
// Pure: the parts come in, the document goes out. Each part's payload is the clue JSON
// the engine stored (ClueToJson without the hash).
//
// Which part wins a value. Parts are ranked by their date — the modified date when it
// could be read, else the created date — and then by processing order; a part with a
// readable date ranks above every part without one (a dated fact is taken as newer than
// an undated one), and among equals the one processed later wins. For each property, the
// name and the description, the highest-ranked part that has a non-empty value wins:
// `null` and "" never win, because a clue never carries them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "inlet/common/status.h"
#include "inlet/store/golden.h"

namespace inlet::processing {

// What a stored part's payload says, as far as merging needs it.
struct PartClue {
  std::vector<std::string> codes;
  std::vector<store::PartEdge> edges;
};

// kInternal when the payload is not a clue as ClueToJson writes it.
Result<PartClue> ReadPartClue(const std::string& payload);

struct GoldenDocument {
  std::string name;
  // {"codes": [...], "name", "description", "properties": {key: {"value", "endpointId",
  //  "receiptId", "recordId"}}, "parts": [{"endpointId", "recordId", "receiptId"}]}
  std::string json;
  std::string search_text;  // name, codes and values, for `q`
};

// `codes`: every code the golden record holds (its parts' and, for a shadow, the codes
// edges point at it with).
Result<GoldenDocument> BuildGoldenDocument(const std::vector<store::DataPart>& parts,
                                           const std::vector<std::string>& codes);

}  // namespace inlet::processing
