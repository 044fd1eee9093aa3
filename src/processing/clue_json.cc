// ClueToJson and ClueHash: one fixed serialization serves both the sample-clues view and
// the hash, so what a user sees is exactly what decides "unchanged".
#include <nlohmann/json.hpp>

#include "inlet/common/crypto.h"
#include "inlet/processing/clue.h"

namespace inlet::processing {
namespace {

using nlohmann::ordered_json;

ordered_json DateJson(const std::optional<ClueDate>& date) {
  if (!date) return nullptr;
  return {{"text", date->text},
          {"epochMs", date->epoch_ms ? ordered_json(*date->epoch_ms) : ordered_json(nullptr)}};
}

}  // namespace

std::string ClueToJson(const Clue& clue, bool with_hash) {
  ordered_json properties = ordered_json::object();
  for (const auto& p : clue.properties) properties[p.key] = p.value;
  ordered_json edges = ordered_json::array();
  for (const auto& e : clue.edges)
    edges.push_back({{"edgeType", e.edge_type}, {"to", e.target_code}});
  ordered_json doc = {{"entityType", clue.entity_type},
                      {"code", clue.code},
                      {"codes", clue.codes},
                      {"name", clue.name},
                      {"description", clue.description},
                      {"createdDate", DateJson(clue.created)},
                      {"modifiedDate", DateJson(clue.modified)},
                      {"properties", properties},
                      {"edges", edges}};
  if (with_hash) doc["hash"] = clue.hash;
  return doc.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

std::string ClueHash(const Mapping& mapping, const Clue& clue) {
  std::string content = MappingToJson(mapping);
  content += '\n';
  content += ClueToJson(clue, /*with_hash=*/false);
  return ToHex(Sha256(content));
}

}  // namespace inlet::processing
