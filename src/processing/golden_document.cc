#include "inlet/processing/golden_document.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

namespace inlet::processing {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

struct RankedPart {
  const store::DataPart* part;
  json clue;
  // (has a readable date, the date, processing order): larger wins.
  std::tuple<bool, int64_t, int64_t> rank;
};

std::optional<int64_t> DateOf(const json& clue, const char* member) {
  auto it = clue.find(member);
  if (it == clue.end() || !it->is_object()) return std::nullopt;
  auto ms = it->find("epochMs");
  if (ms == it->end() || !ms->is_number_integer()) return std::nullopt;
  return ms->get<int64_t>();
}

Result<json> ParsePayload(const std::string& payload) {
  json clue = json::parse(payload, nullptr, false);
  if (clue.is_discarded() || !clue.is_object()) {
    return Status::Internal("a stored data part does not hold a clue");
  }
  return clue;
}

std::string StringMember(const json& clue, const char* member) {
  auto it = clue.find(member);
  return it != clue.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ordered_json Provenance(const std::string& value, const store::DataPart& part) {
  return {{"value", value},
          {"endpointId", part.endpoint_id},
          {"receiptId", part.receipt_id},
          {"recordId", part.record_id}};
}

}  // namespace

Result<PartClue> ReadPartClue(const std::string& payload) {
  Result<json> clue = ParsePayload(payload);
  if (!clue.ok()) return clue.status();
  PartClue out;
  auto codes = clue->find("codes");
  if (codes != clue->end() && codes->is_array()) {
    for (const auto& code : *codes) {
      if (code.is_string()) out.codes.push_back(code.get<std::string>());
    }
  }
  auto edges = clue->find("edges");
  if (edges != clue->end() && edges->is_array()) {
    for (const auto& edge : *edges) {
      if (!edge.is_object()) continue;
      out.edges.push_back({StringMember(edge, "edgeType"), StringMember(edge, "to")});
    }
  }
  return out;
}

Result<GoldenDocument> BuildGoldenDocument(const std::vector<store::DataPart>& parts,
                                           const std::vector<std::string>& codes) {
  std::vector<RankedPart> ranked;
  ranked.reserve(parts.size());
  for (const auto& part : parts) {
    Result<json> clue = ParsePayload(part.payload);
    if (!clue.ok()) return clue.status();
    std::optional<int64_t> date = DateOf(*clue, "modifiedDate");
    if (!date) date = DateOf(*clue, "createdDate");
    auto rank = std::make_tuple(date.has_value(), date.value_or(0), part.order);
    ranked.push_back({&part, std::move(*clue), rank});
  }
  // Best first: the first part with a value wins it.
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedPart& a, const RankedPart& b) { return a.rank > b.rank; });

  GoldenDocument doc;
  std::string description;
  ordered_json properties = ordered_json::object();
  for (const auto& r : ranked) {
    std::string name = StringMember(r.clue, "name");
    if (doc.name.empty() && !name.empty()) doc.name = name;
    std::string text = StringMember(r.clue, "description");
    if (description.empty() && !text.empty()) description = text;
    auto props = r.clue.find("properties");
    if (props == r.clue.end() || !props->is_object()) continue;
    for (const auto& [key, value] : props->items()) {
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) continue;
      if (properties.contains(key)) continue;
      properties[key] = Provenance(value.get<std::string>(), *r.part);
    }
  }
  // Properties by key, so equal golden records read the same.
  ordered_json sorted = ordered_json::object();
  std::vector<std::string> keys;
  for (const auto& [key, value] : properties.items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  doc.search_text = doc.name;
  for (const auto& key : keys) {
    sorted[key] = properties[key];
    doc.search_text += '\n';
    doc.search_text += properties[key]["value"].get<std::string>();
  }
  for (const auto& code : codes) {
    doc.search_text += '\n';
    doc.search_text += code;
  }

  ordered_json part_list = ordered_json::array();
  for (const auto& part : parts) {
    part_list.push_back({{"endpointId", part.endpoint_id},
                         {"recordId", part.record_id},
                         {"receiptId", part.receipt_id}});
  }
  ordered_json out = {{"codes", codes},
                      {"name", doc.name},
                      {"description", description},
                      {"properties", sorted},
                      {"parts", part_list}};
  doc.json = out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  return doc;
}

}  // namespace inlet::processing
