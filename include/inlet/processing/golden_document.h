// Survivorship (SPEC §5): what a golden record says, computed from its data parts.
//
// Pure: the parts and their clues come in, the document goes out.
//
// Which part wins a value. Parts are ranked by their date — the modified date when it
// could be read, else the created date — and then by processing order; a part with a
// readable date ranks above every part without one (a dated fact is taken as newer than
// an undated one), and among equals the one processed later wins. For each property, the
// name and the description, the highest-ranked part that has a non-empty value wins:
// `null` and "" never win, because a clue never carries them.
#pragma once

#include <string>
#include <vector>

#include "inlet/processing/clue.h"
#include "inlet/store/golden.h"

namespace inlet::processing {

// One part of a golden record with its clue (ParseClueJson of its payload, or the clue
// just applied).
struct PartWithClue {
  const store::DataPart* part;
  const Clue* clue;
};

struct GoldenDocument {
  std::string name;
  // {"codes": [...], "name", "description", "properties": {key: {"value", "part"}},
  //  "parts": [{"endpointId", "recordId", "receiptId"}]}, properties by key, parts in
  // processing order. A property's provenance is the part at index "part": a record's
  // three ids are kept once, not once per property (a third of the document's size), and
  // the API spells them out when the golden record is read.
  std::string json;
  std::string search_text;  // name, values and codes, for `q`
};

// `codes`: every code the golden record holds (its parts' and, for a shadow, the codes
// edges point at it with). `parts` in processing order.
GoldenDocument BuildGoldenDocument(const std::vector<PartWithClue>& parts,
                                   const std::vector<std::string>& codes);

}  // namespace inlet::processing
