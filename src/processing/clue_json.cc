// ClueToJson and ClueHash: one fixed serialization serves the sample-clues view, the
// stored data part and the hash, so what a user sees is exactly what decides
// "unchanged". Written by hand: processing writes one per record, twice.
#include <nlohmann/json.hpp>

#include "inlet/common/crypto.h"
#include "inlet/common/json_text.h"
#include "inlet/processing/clue.h"

namespace inlet::processing {
namespace {

void AppendDate(std::string& out, const std::optional<ClueDate>& date) {
  if (!date) {
    out += "null";
    return;
  }
  out += "{\"text\":";
  AppendJsonString(out, date->text);
  out += ",\"epochMs\":";
  out += date->epoch_ms ? std::to_string(*date->epoch_ms) : "null";
  out += '}';
}

std::optional<ClueDate> ReadDate(const nlohmann::json& clue, const char* member) {
  auto it = clue.find(member);
  if (it == clue.end() || !it->is_object()) return std::nullopt;
  ClueDate date;
  date.text = it->value("text", "");
  auto ms = it->find("epochMs");
  if (ms != it->end() && ms->is_number_integer()) date.epoch_ms = ms->get<int64_t>();
  return date;
}

}  // namespace

std::string ClueToJson(const Clue& clue, bool with_hash) {
  std::string out;
  out.reserve(256 + clue.properties.size() * 48);
  out += "{\"entityType\":";
  AppendJsonString(out, clue.entity_type);
  out += ",\"code\":";
  AppendJsonString(out, clue.code);
  out += ",\"codes\":[";
  for (size_t i = 0; i < clue.codes.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, clue.codes[i]);
  }
  out += "],\"name\":";
  AppendJsonString(out, clue.name);
  out += ",\"description\":";
  AppendJsonString(out, clue.description);
  out += ",\"createdDate\":";
  AppendDate(out, clue.created);
  out += ",\"modifiedDate\":";
  AppendDate(out, clue.modified);
  out += ",\"properties\":{";
  for (size_t i = 0; i < clue.properties.size(); ++i) {
    if (i) out += ',';
    AppendJsonString(out, clue.properties[i].key);
    out += ':';
    AppendJsonString(out, clue.properties[i].value);
  }
  out += "},\"edges\":[";
  for (size_t i = 0; i < clue.edges.size(); ++i) {
    if (i) out += ',';
    out += "{\"edgeType\":";
    AppendJsonString(out, clue.edges[i].edge_type);
    out += ",\"to\":";
    AppendJsonString(out, clue.edges[i].target_code);
    out += '}';
  }
  out += ']';
  if (with_hash) {
    out += ",\"hash\":";
    AppendJsonString(out, clue.hash);
  }
  out += '}';
  return out;
}

std::string ClueHash(const Mapping& mapping, const Clue& clue) {
  return ClueHash(MappingToJson(mapping), clue);
}

std::string ClueHash(std::string_view mapping_text, const Clue& clue) {
  std::string content(mapping_text);
  content += '\n';
  content += ClueToJson(clue, /*with_hash=*/false);
  return ToHex(Sha256(content));
}

Result<Clue> ParseClueJson(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::Internal("a stored data part does not hold a clue");
  }
  Clue clue;
  clue.entity_type = doc.value("entityType", "");
  clue.code = doc.value("code", "");
  static const nlohmann::json kNone;
  auto member = [&](const char* name) -> const nlohmann::json& {
    auto it = doc.find(name);
    return it == doc.end() ? kNone : *it;
  };
  for (const auto& code : member("codes")) {
    if (code.is_string()) clue.codes.push_back(code.get<std::string>());
  }
  clue.name = doc.value("name", "");
  clue.description = doc.value("description", "");
  clue.created = ReadDate(doc, "createdDate");
  clue.modified = ReadDate(doc, "modifiedDate");
  const nlohmann::json& properties = member("properties");
  if (properties.is_object()) {
    for (const auto& [key, value] : properties.items()) {
      if (value.is_string()) clue.properties.push_back({key, value.get<std::string>()});
    }
  }
  for (const auto& edge : member("edges")) {
    if (!edge.is_object()) continue;
    clue.edges.push_back({edge.value("edgeType", ""), edge.value("to", "")});
  }
  clue.hash = doc.value("hash", "");
  return clue;
}

}  // namespace inlet::processing
