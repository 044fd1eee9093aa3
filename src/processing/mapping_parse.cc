// ParseMapping: the strict reading of a mapping document. Every error names the member
// by its path so a user fixing a PUT body knows exactly where to look.
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "inlet/processing/mapping.h"

namespace inlet::processing {
namespace {

using nlohmann::json;

Status Invalid(const std::string& message) {
  return Status::InvalidArgument("invalid-mapping", message);
}

// Rejects members other than `allowed`: a misspelt "primaryIdentifer" must not be
// silently dropped, leaving the user wondering why nothing maps.
Status CheckMembers(const json& object, const std::string& path,
                    std::initializer_list<const char*> allowed) {
  for (const auto& [name, value] : object.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || name == a;
    if (!known) return Invalid(path + " has an unknown member \"" + name + "\"");
  }
  return Status::Ok();
}

Result<std::string> NonEmptyString(const json& object, const char* member,
                                   const std::string& path) {
  std::string where = path + "." + member;
  if (!object.contains(member)) return Invalid(where + " is required");
  const json& value = object[member];
  if (!value.is_string() || value.get<std::string>().empty()) {
    return Invalid(where + " must be a non-empty string");
  }
  return value.get<std::string>();
}

// An optional string that defaults to `fallback` when absent or null.
Result<std::string> StringOr(const json& object, const char* member, const std::string& path,
                             const std::string& fallback) {
  if (!object.contains(member) || object[member].is_null()) return fallback;
  return NonEmptyString(object, member, path);
}

Result<std::string> EntityTypeMember(const json& object, const char* member,
                                     const std::string& path, const char* example) {
  auto text = NonEmptyString(object, member, path);
  if (!text.ok()) return text;
  if (!IsEntityType(*text)) {
    return Invalid(path + "." + member + " must look like \"" + example +
                   "\" (one or more \"/Name\" segments), not \"" + *text + "\"");
  }
  return text;
}

Result<std::optional<std::string>> FieldMember(const json& root, const char* member) {
  if (!root.contains(member) || root[member].is_null()) return std::optional<std::string>();
  auto text = NonEmptyString(root, member, "mapping");
  if (!text.ok()) {
    return Invalid(std::string("mapping.") + member + " must be a field name or null");
  }
  return std::optional<std::string>(std::move(*text));
}

// The array member `member`, or an empty one when absent or null.
Result<const json*> ArrayMember(const json& root, const char* member) {
  static const json kEmpty = json::array();
  if (!root.contains(member) || root[member].is_null()) return &kEmpty;
  if (!root[member].is_array()) {
    return Invalid(std::string("mapping.") + member + " must be an array");
  }
  return &root[member];
}

Result<std::optional<PrimaryIdentifier>> ParsePrimary(const json& root) {
  const std::string path = "mapping.primaryIdentifier";
  if (!root.contains("primaryIdentifier") || root["primaryIdentifier"].is_null()) {
    return std::optional<PrimaryIdentifier>();
  }
  const json& value = root["primaryIdentifier"];
  if (!value.is_object()) {
    return Invalid(path + " must be {\"fields\": [...]}, {\"auto\": true} or null");
  }
  INLET_RETURN_IF_ERROR(CheckMembers(value, path, {"fields", "auto"}));
  PrimaryIdentifier primary;
  if (value.contains("auto")) {
    if (value.contains("fields")) {
      return Invalid(path + " has both \"fields\" and \"auto\"; give one of them");
    }
    if (value["auto"] != true) return Invalid(path + ".auto must be true");
    primary.auto_hash = true;
    return std::optional<PrimaryIdentifier>(primary);
  }
  if (!value.contains("fields")) {
    return Invalid(path + " must have \"fields\" or \"auto\"");
  }
  const json& fields = value["fields"];
  if (!fields.is_array() || fields.empty()) {
    return Invalid(path + ".fields must be a non-empty array of field names");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string where = path + ".fields[" + std::to_string(i) + "]";
    if (!fields[i].is_string() || fields[i].get<std::string>().empty()) {
      return Invalid(where + " must be a non-empty string");
    }
    if (!seen.insert(fields[i].get<std::string>()).second) {
      return Invalid(where + " repeats the field \"" + fields[i].get<std::string>() + "\"");
    }
    primary.fields.push_back(fields[i].get<std::string>());
  }
  return std::optional<PrimaryIdentifier>(primary);
}

Status ParseIdentifiers(const json& root, Mapping& m) {
  INLET_ASSIGN_OR_RETURN(auto list, ArrayMember(root, "identifiers"));
  for (size_t i = 0; i < list->size(); ++i) {
    std::string path = "mapping.identifiers[" + std::to_string(i) + "]";
    const json& item = (*list)[i];
    if (!item.is_object()) return Invalid(path + " must be {\"field\", \"origin\"}");
    INLET_RETURN_IF_ERROR(CheckMembers(item, path, {"field", "origin"}));
    INLET_ASSIGN_OR_RETURN(auto field, NonEmptyString(item, "field", path));
    INLET_ASSIGN_OR_RETURN(auto origin, StringOr(item, "origin", path, m.origin));
    m.identifiers.push_back({std::move(field), std::move(origin)});
  }
  return Status::Ok();
}

Status ParseProperties(const json& root, Mapping& m) {
  INLET_ASSIGN_OR_RETURN(auto list, ArrayMember(root, "properties"));
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    std::string path = "mapping.properties[" + std::to_string(i) + "]";
    const json& item = (*list)[i];
    if (!item.is_object()) {
      return Invalid(path + " must be {\"field\", \"key\"} or {\"field\", \"ignore\": true}");
    }
    INLET_RETURN_IF_ERROR(CheckMembers(item, path, {"field", "key", "ignore"}));
    INLET_ASSIGN_OR_RETURN(auto field, NonEmptyString(item, "field", path));
    if (!seen.insert(field).second) {
      return Invalid(path + ".field repeats \"" + field + "\"; list each field once");
    }
    PropertyMapping property{field, "", false};
    if (item.contains("ignore")) {
      if (item["ignore"] != true) return Invalid(path + ".ignore must be true when given");
      if (item.contains("key")) {
        return Invalid(path + " has both \"key\" and \"ignore\"; give one of them");
      }
      property.ignore = true;
    } else {
      INLET_ASSIGN_OR_RETURN(property.key, NonEmptyString(item, "key", path));
    }
    m.properties.push_back(std::move(property));
  }
  return Status::Ok();
}

Status ParseEdges(const json& root, Mapping& m) {
  INLET_ASSIGN_OR_RETURN(auto list, ArrayMember(root, "edges"));
  for (size_t i = 0; i < list->size(); ++i) {
    std::string path = "mapping.edges[" + std::to_string(i) + "]";
    const json& item = (*list)[i];
    if (!item.is_object()) {
      return Invalid(path + " must be {\"field\", \"edgeType\", \"entityType\", \"origin\"}");
    }
    INLET_RETURN_IF_ERROR(CheckMembers(item, path, {"field", "edgeType", "entityType", "origin"}));
    EdgeMapping edge;
    INLET_ASSIGN_OR_RETURN(auto field, NonEmptyString(item, "field", path));
    INLET_ASSIGN_OR_RETURN(auto edge_type, EntityTypeMember(item, "edgeType", path, "/ManagedBy"));
    INLET_ASSIGN_OR_RETURN(auto entity_type,
                           EntityTypeMember(item, "entityType", path, "/Employee"));
    INLET_ASSIGN_OR_RETURN(auto origin, StringOr(item, "origin", path, m.origin));
    m.edges.push_back(
        {std::move(field), std::move(edge_type), std::move(entity_type), std::move(origin)});
  }
  return Status::Ok();
}

}  // namespace

bool IsEntityType(std::string_view text) {
  if (text.size() < 2 || text.size() > 200 || text.front() != '/') return false;
  bool at_segment_start = false;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '/') {
      if (at_segment_start) return false;  // "//" or a lone "/"
      at_segment_start = true;
    } else if (at_segment_start) {
      if (!std::isalpha(u)) return false;
      at_segment_start = false;
    } else if (!std::isalnum(u) && c != '_') {
      return false;
    }
  }
  return !at_segment_start;
}

Result<Mapping> ParseMapping(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Invalid("the mapping is not valid JSON");
  if (!root.is_object()) return Invalid("the mapping must be a JSON object");
  INLET_RETURN_IF_ERROR(CheckMembers(
      root, "mapping",
      {"entityType", "vocabularyPrefix", "origin", "primaryIdentifier", "identifiers", "nameField",
       "descriptionField", "createdDateField", "modifiedDateField", "properties", "edges"}));
  Mapping m;
  INLET_ASSIGN_OR_RETURN(m.entity_type,
                         EntityTypeMember(root, "entityType", "mapping", "/Customer"));
  INLET_ASSIGN_OR_RETURN(m.vocabulary_prefix, NonEmptyString(root, "vocabularyPrefix", "mapping"));
  INLET_ASSIGN_OR_RETURN(m.origin, NonEmptyString(root, "origin", "mapping"));
  INLET_ASSIGN_OR_RETURN(m.primary_identifier, ParsePrimary(root));
  INLET_RETURN_IF_ERROR(ParseIdentifiers(root, m));

  struct FieldSlot {
    const char* member;
    std::optional<std::string>* slot;
  };
  for (auto [member, slot] :
       {FieldSlot{"nameField", &m.name_field}, FieldSlot{"descriptionField", &m.description_field},
        FieldSlot{"createdDateField", &m.created_date_field},
        FieldSlot{"modifiedDateField", &m.modified_date_field}}) {
    INLET_ASSIGN_OR_RETURN(auto field, FieldMember(root, member));
    *slot = std::move(field);
  }
  INLET_RETURN_IF_ERROR(ParseProperties(root, m));
  INLET_RETURN_IF_ERROR(ParseEdges(root, m));
  return m;
}

}  // namespace inlet::processing
