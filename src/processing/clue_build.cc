// BuildClue: one stored record under one mapping (the rules are in clue.h).
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "inlet/common/json_fields.h"
#include "inlet/processing/clue.h"
#include "processing/json_text.h"

namespace inlet::processing {
namespace {

std::string Code(const std::string& entity_type, const std::string& origin,
                 const std::string& value) {
  return entity_type + "#" + origin + ":" + value;
}

// The texts a value identifies by: one per non-empty array element, else the value's
// own text when it is not empty.
std::vector<std::string> NonEmptyTexts(std::string_view value) {
  std::vector<std::string> texts;
  bool is_array = ForEachArrayElement(value, [&](std::string_view element) {
    if (!IsEmptyValue(element)) texts.push_back(ValueText(element));
  });
  if (!is_array && !IsEmptyValue(value)) texts.push_back(ValueText(value));
  return texts;
}

// Adds `code` unless already there, keeping first-seen order.
void AddUnique(std::vector<std::string>& codes, std::set<std::string>& seen, std::string code) {
  if (seen.insert(code).second) codes.push_back(std::move(code));
}

using Members = std::unordered_map<std::string_view, std::string_view>;

// The primary identifier's value(s): the first is the primary code's value, any others
// (further elements of an array) become codes of the same origin.
Result<std::vector<std::string>> PrimaryValues(const PrimaryIdentifier& primary,
                                               const Members& members,
                                               std::string_view record_json) {
  if (primary.auto_hash) return std::vector<std::string>{RecordHashIdentifier(record_json)};
  std::vector<std::string_view> values;
  for (const auto& field : primary.fields) {
    auto it = members.find(field);
    if (it == members.end()) {
      return Status::InvalidArgument(
          "primary-identifier-missing",
          "the record has no field \"" + field +
              "\", which the mapping's primary identifier needs; send it (null or \"\" "
              "is allowed and keys the record by its content hash) or change the mapping");
    }
    values.push_back(it->second);
  }
  if (values.size() == 1) {
    std::vector<std::string> texts = NonEmptyTexts(values.front());
    if (texts.empty()) texts.push_back(RecordHashIdentifier(record_json));
    return texts;
  }
  // A compound key with an empty part is not a key: two records that share only the
  // other parts must not merge, so the whole value falls back to the content hash.
  std::string joined;
  for (size_t i = 0; i < values.size(); ++i) {
    if (IsEmptyValue(values[i])) {
      return std::vector<std::string>{RecordHashIdentifier(record_json)};
    }
    if (i > 0) joined += '|';
    joined += ValueText(values[i]);
  }
  return std::vector<std::string>{std::move(joined)};
}

std::string TextOf(const Members& members, const std::optional<std::string>& field) {
  if (!field) return {};
  auto it = members.find(*field);
  return it == members.end() ? std::string() : ValueText(it->second);
}

std::optional<ClueDate> DateOf(const Members& members, const std::optional<std::string>& field) {
  std::string text = TextOf(members, field);
  if (text.empty()) return std::nullopt;
  ClueDate date{std::move(text), std::nullopt};
  date.epoch_ms = ParseDateMillis(date.text);
  return date;
}

}  // namespace

Result<Clue> BuildClue(const Mapping& mapping, std::string_view record_json) {
  return BuildClue(mapping, MappingToJson(mapping), record_json);
}

Result<Clue> BuildClue(const Mapping& mapping, std::string_view mapping_text,
                       std::string_view record_json) {
  INLET_RETURN_IF_ERROR(CheckComplete(mapping));
  if (record_json.size() < 2 || record_json.front() != '{' || record_json.back() != '}') {
    return Status::InvalidArgument("invalid-record", "the stored record is not a JSON object");
  }
  std::vector<std::pair<std::string_view, std::string_view>> ordered;
  Members members;
  ForEachTopLevelMember(record_json, [&](std::string_view name, std::string_view value) {
    ordered.emplace_back(name, value);
    members.emplace(name, value);  // a repeated name: the first one counts
  });

  Clue clue;
  clue.entity_type = mapping.entity_type;
  std::set<std::string> seen_codes;
  INLET_ASSIGN_OR_RETURN(auto primary,
                         PrimaryValues(*mapping.primary_identifier, members, record_json));
  for (const auto& value : primary) {
    AddUnique(clue.codes, seen_codes, Code(mapping.entity_type, mapping.origin, value));
  }
  clue.code = clue.codes.front();
  for (const auto& identifier : mapping.identifiers) {
    auto it = members.find(identifier.field);
    if (it == members.end()) continue;  // additional identifiers are optional
    for (auto& text : NonEmptyTexts(it->second)) {
      AddUnique(clue.codes, seen_codes, Code(mapping.entity_type, identifier.origin, text));
    }
  }

  clue.name = TextOf(members, mapping.name_field);
  clue.description = TextOf(members, mapping.description_field);
  clue.created = DateOf(members, mapping.created_date_field);
  clue.modified = DateOf(members, mapping.modified_date_field);

  std::unordered_map<std::string_view, const PropertyMapping*> listed;
  for (const auto& property : mapping.properties) listed.emplace(property.field, &property);
  std::map<std::string, std::string> properties;  // sorted by key: a canonical order
  for (const auto& [name, value] : ordered) {
    if (IsEmptyValue(value)) continue;
    auto it = listed.find(name);
    if (it != listed.end() && it->second->ignore) continue;
    std::string key =
        it != listed.end() ? it->second->key : mapping.vocabulary_prefix + "." + std::string(name);
    properties.try_emplace(std::move(key), ValueText(value));
  }
  for (auto& [key, value] : properties) clue.properties.push_back({key, std::move(value)});

  std::set<std::pair<std::string, std::string>> seen_edges;
  for (const auto& edge : mapping.edges) {
    auto it = members.find(edge.field);
    if (it == members.end()) continue;
    for (auto& text : NonEmptyTexts(it->second)) {
      ClueEdge clue_edge{edge.edge_type, Code(edge.entity_type, edge.origin, text)};
      if (seen_edges.emplace(clue_edge.edge_type, clue_edge.target_code).second) {
        clue.edges.push_back(std::move(clue_edge));
      }
    }
  }

  clue.hash = ClueHash(mapping_text, clue);
  return clue;
}

}  // namespace inlet::processing
