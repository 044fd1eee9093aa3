// Any bytes as an ingestion body whose accepted records are then mapped: BuildClue must
// not crash on any record ingestion can store, and a clue must read back from its JSON
// exactly (data parts keep clues as that JSON).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "inlet/ingest/ingest.h"
#include "inlet/processing/clue.h"
#include "inlet/processing/mapping.h"

namespace {

using inlet::processing::Mapping;

// Every kind of rule: a compound-free primary key, identifiers, the four special
// fields, a renamed and an ignored property, an edge.
const Mapping& FuzzMapping() {
  static const Mapping mapping = [] {
    auto parsed = inlet::processing::ParseMapping(R"({
      "entityType": "/Customer", "vocabularyPrefix": "crm.customer", "origin": "crm",
      "primaryIdentifier": {"fields": ["id"]},
      "identifiers": [{"field": "email", "origin": "email"}, {"field": "tags"}],
      "nameField": "name", "descriptionField": "note",
      "createdDateField": "created", "modifiedDateField": "modified",
      "properties": [{"field": "city", "key": "crm.address.city"},
                     {"field": "secret", "ignore": true}],
      "edges": [{"field": "manager", "edgeType": "/ManagedBy", "entityType": "/Employee"}]})");
    if (!parsed.ok()) std::abort();
    return *parsed;
  }();
  return mapping;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  inlet::ingest::Limits limits;
  limits.max_records = 100;
  inlet::ingest::IssueCollector issues;
  const auto outcome =
      inlet::ingest::ProcessBody(body, inlet::ingest::BodyFormat::kNdjson, limits, issues);
  static const std::string mapping_text = inlet::processing::MappingToJson(FuzzMapping());
  for (const auto& record : outcome.accepted) {
    auto clue = inlet::processing::BuildClue(FuzzMapping(), mapping_text, record.data);
    if (!clue.ok()) continue;
    auto read_back = inlet::processing::ParseClueJson(inlet::processing::ClueToJson(*clue));
    if (!read_back.ok() || !(*read_back == *clue)) std::abort();
  }
  return 0;
}
