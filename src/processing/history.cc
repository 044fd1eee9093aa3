#include "inlet/processing/history.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "inlet/common/json_text.h"
#include "inlet/processing/golden_document.h"

namespace inlet::processing {
namespace {

constexpr HistoryKind kKinds[] = {HistoryKind::kCreated,     HistoryKind::kPartAdded,
                                  HistoryKind::kPartRemoved, HistoryKind::kMerged,
                                  HistoryKind::kUnmerged,    HistoryKind::kPropertyChanged};

void AppendMember(std::string& out, const char* name, std::string_view value) {
  out += ",\"";
  out += name;
  out += "\":";
  AppendJsonString(out, value);
}

std::string Text(const nlohmann::json& event, const char* name) {
  const auto found = event.find(name);
  return found != event.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::optional<std::string> OptionalText(const nlohmann::json& event, const char* name) {
  const auto found = event.find(name);
  if (found == event.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

}  // namespace

std::string_view ToString(HistoryKind kind) {
  switch (kind) {
    case HistoryKind::kCreated:
      return "created";
    case HistoryKind::kPartAdded:
      return "part-added";
    case HistoryKind::kPartRemoved:
      return "part-removed";
    case HistoryKind::kMerged:
      return "merged";
    case HistoryKind::kUnmerged:
      return "unmerged";
    case HistoryKind::kPropertyChanged:
      return "property-changed";
  }
  return "created";
}

std::string EncodeHistory(const std::vector<HistoryEvent>& events, int64_t omitted) {
  std::string out = "[";
  for (const HistoryEvent& event : events) {
    if (out.size() > 1) out += ',';
    out += "{\"kind\":\"";
    out += ToString(event.kind);
    out += '"';
    if (event.part) {
      out += ",\"part\":{\"endpointId\":";
      AppendJsonString(out, event.part->endpoint_id);
      AppendMember(out, "recordId", event.part->record_id);
      out += '}';
    }
    if (!event.property.empty()) AppendMember(out, "property", event.property);
    if (event.from) AppendMember(out, "from", *event.from);
    if (event.to) AppendMember(out, "to", *event.to);
    if (!event.merged_from.empty()) AppendMember(out, "mergedFrom", event.merged_from);
    if (!event.merged_into.empty()) AppendMember(out, "mergedInto", event.merged_into);
    if (!event.values.empty()) {
      out += ",\"values\":{";
      for (const auto& [key, value] : event.values) {
        if (out.back() != '{') out += ',';
        AppendJsonString(out, key);
        out += ':';
        AppendJsonString(out, value);
      }
      out += '}';
    }
    out += '}';
  }
  if (omitted > 0) {
    if (out.size() > 1) out += ',';
    out += "{\"omitted\":" + std::to_string(omitted) + "}";
  }
  out += ']';
  return out;
}

DecodedHistory DecodeHistory(std::string_view text) {
  DecodedHistory decoded;
  const nlohmann::json events = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!events.is_array()) return decoded;
  for (const auto& stored : events) {
    if (!stored.is_object()) continue;
    const auto omitted = stored.find("omitted");
    if (omitted != stored.end() && omitted->is_number_integer()) {
      decoded.omitted += omitted->get<int64_t>();
      continue;
    }
    const std::string kind = Text(stored, "kind");
    const auto known = std::find_if(std::begin(kKinds), std::end(kKinds),
                                    [&](HistoryKind k) { return ToString(k) == kind; });
    if (known == std::end(kKinds)) continue;
    HistoryEvent event;
    event.kind = *known;
    const auto part = stored.find("part");
    if (part != stored.end() && part->is_object()) {
      event.part = PartName{Text(*part, "endpointId"), Text(*part, "recordId")};
    }
    event.property = Text(stored, "property");
    event.from = OptionalText(stored, "from");
    event.to = OptionalText(stored, "to");
    event.merged_from = Text(stored, "mergedFrom");
    event.merged_into = Text(stored, "mergedInto");
    const auto values = stored.find("values");
    std::optional<PartName> source = event.part;
    decoded.events.push_back(std::move(event));
    if (values == stored.end() || !values->is_object()) continue;
    for (const auto& [key, value] : values->items()) {
      if (!value.is_string()) continue;
      HistoryEvent changed;
      changed.kind = HistoryKind::kPropertyChanged;
      changed.part = source;
      changed.property = key;
      changed.to = value.get<std::string>();
      decoded.events.push_back(std::move(changed));
    }
  }
  return decoded;
}

std::string WithCreationValues(std::string_view creation, std::string_view document,
                               const std::vector<std::string>& later) {
  DecodedHistory decoded = DecodeHistory(creation);
  std::map<std::string, std::optional<std::string>> first;  // property → value before
  for (const std::string& text : later) {
    for (const HistoryEvent& event : DecodeHistory(text).events) {
      if (event.kind == HistoryKind::kPropertyChanged)
        first.try_emplace(event.property, event.from);
    }
  }
  std::map<std::string, std::string> values;
  for (const auto& [property, before] : first) {
    if (before) values.emplace(property, *before);
  }
  for (auto& [property, value] : PropertyValuesOf(document)) {
    if (!first.count(property)) values.emplace(property, std::move(value));
  }
  for (HistoryEvent& event : decoded.events) {
    if (event.kind == HistoryKind::kCreated) event.values = values;
  }
  return EncodeHistory(decoded.events, decoded.omitted);
}

}  // namespace inlet::processing
