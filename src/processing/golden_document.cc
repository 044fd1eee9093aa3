#include "inlet/processing/golden_document.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "inlet/common/json_text.h"

namespace inlet::processing {
namespace {

// (has a readable date, the date, processing order): larger wins.
using Rank = std::tuple<bool, int64_t, int64_t>;

Rank RankOf(const PartWithClue& p) {
  const auto& date =
      p.clue->modified && !p.clue->modified->unparseable() ? p.clue->modified : p.clue->created;
  const bool dated = date && !date->unparseable();
  return {dated, dated ? *date->epoch_ms : 0, p.part->order};
}

void AppendMember(std::string& out, const char* name, const std::string& value) {
  out += '"';
  out += name;
  out += "\":";
  AppendJsonString(out, value);
}

}  // namespace

GoldenDocument BuildGoldenDocument(const std::vector<PartWithClue>& parts,
                                   const std::vector<std::string>& codes) {
  std::vector<std::pair<Rank, const PartWithClue*>> ranked;
  ranked.reserve(parts.size());
  for (const auto& p : parts) ranked.emplace_back(RankOf(p), &p);
  // Best first: the first part with a value wins it.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });

  GoldenDocument doc;
  std::string description;
  // Property key → (value, index of the winning part in `parts`).
  std::map<std::string_view, std::pair<std::string_view, size_t>> winners;
  for (const auto& [rank, p] : ranked) {
    if (doc.name.empty()) doc.name = p->clue->name;
    if (description.empty()) description = p->clue->description;
    const auto part_index = static_cast<size_t>(p - parts.data());
    for (const auto& property : p->clue->properties) {
      winners.try_emplace(property.key, property.value, part_index);
    }
  }

  std::string& out = doc.json;
  out += "{\"codes\":[";
  for (size_t i = 0; i < codes.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, codes[i]);
  }
  out += "],";
  AppendMember(out, "name", doc.name);
  out += ',';
  AppendMember(out, "description", description);
  out += ",\"properties\":{";
  doc.search_text = doc.name;
  bool first = true;
  for (const auto& [key, winner] : winners) {
    const auto& [value, part_index] = winner;
    if (!first) out += ',';
    first = false;
    AppendJsonString(out, key);
    out += ":{\"value\":";
    AppendJsonString(out, value);
    out += ",\"part\":";
    out += std::to_string(part_index);
    out += '}';
    doc.search_text += '\n';
    doc.search_text += value;
  }
  out += "},\"parts\":[";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += ',';
    out += '{';
    AppendMember(out, "endpointId", parts[i].part->endpoint_id);
    out += ',';
    AppendMember(out, "recordId", parts[i].part->record_id);
    out += ',';
    AppendMember(out, "receiptId", parts[i].part->receipt_id);
    out += '}';
  }
  out += "]}";
  for (const auto& code : codes) {
    doc.search_text += '\n';
    doc.search_text += code;
  }
  return doc;
}

}  // namespace inlet::processing
