// MappingToJson and completeness: the document written back, and what a process call
// needs before it can run.
#include <nlohmann/json.hpp>

#include "inlet/processing/mapping.h"

namespace inlet::processing {
namespace {

using nlohmann::ordered_json;  // keeps SPEC §4's member order, so the text is canonical

ordered_json FieldOrNull(const std::optional<std::string>& field) {
  return field ? ordered_json(*field) : ordered_json(nullptr);
}

}  // namespace

std::string MappingToJson(const Mapping& m) {
  ordered_json primary = nullptr;
  if (m.primary_identifier) {
    primary = ordered_json::object();
    if (m.primary_identifier->auto_hash) {
      primary["auto"] = true;
    } else {
      primary["fields"] = m.primary_identifier->fields;
    }
  }
  ordered_json identifiers = ordered_json::array();
  for (const auto& id : m.identifiers) {
    identifiers.push_back({{"field", id.field}, {"origin", id.origin}});
  }
  ordered_json properties = ordered_json::array();
  for (const auto& p : m.properties) {
    if (p.ignore) {
      properties.push_back({{"field", p.field}, {"ignore", true}});
    } else {
      properties.push_back({{"field", p.field}, {"key", p.key}});
    }
  }
  ordered_json edges = ordered_json::array();
  for (const auto& e : m.edges) {
    edges.push_back({{"field", e.field},
                     {"edgeType", e.edge_type},
                     {"entityType", e.entity_type},
                     {"origin", e.origin}});
  }
  ordered_json doc = {{"entityType", m.entity_type},
                      {"vocabularyPrefix", m.vocabulary_prefix},
                      {"origin", m.origin},
                      {"primaryIdentifier", primary},
                      {"identifiers", identifiers},
                      {"nameField", FieldOrNull(m.name_field)},
                      {"descriptionField", FieldOrNull(m.description_field)},
                      {"createdDateField", FieldOrNull(m.created_date_field)},
                      {"modifiedDateField", FieldOrNull(m.modified_date_field)},
                      {"properties", properties},
                      {"edges", edges}};
  // Replace, not throw, on invalid UTF-8: a field name is whatever the user sent.
  return doc.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

bool IsComplete(const Mapping& m) { return m.primary_identifier.has_value(); }

Status CheckComplete(const Mapping& m) {
  if (IsComplete(m)) return Status::Ok();
  return Status::Conflict(
      "mapping-incomplete",
      "the mapping of this endpoint has no primary identifier; set \"primaryIdentifier\" to "
      "{\"fields\": [\"<field>\", ...]} or {\"auto\": true} with PUT …/mapping (or propose "
      "one with POST …/mapping/auto)");
}

}  // namespace inlet::processing
