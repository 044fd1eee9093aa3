#include "inlet/processing/golden_document.h"

#include <nlohmann/json.hpp>

#include "inlet/common/json_text.h"

namespace inlet::processing {
namespace {

// The date a part ranks by: its modified date when readable, else its created date.
std::optional<int64_t> RankDate(const Clue& clue) {
  if (clue.modified && !clue.modified->unparseable()) return clue.modified->epoch_ms;
  if (clue.created && !clue.created->unparseable()) return clue.created->epoch_ms;
  return std::nullopt;
}

void AppendMember(std::string& out, const char* name, const std::string& value) {
  out += '"';
  out += name;
  out += "\":";
  AppendJsonString(out, value);
}

std::optional<int64_t> ReadDate(const nlohmann::json& dates, const char* name) {
  auto found = dates.find(name);
  if (found == dates.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<int64_t>();
}

}  // namespace

bool Survivorship::Beats(const std::optional<int64_t>& date, const std::optional<Winner>& current) {
  if (!current) return true;
  // The new part comes later in processing order, so it wins every tie.
  if (!date) return !current->date;
  return !current->date || *date >= *current->date;
}

void Survivorship::Add(const Clue& clue) {
  const int64_t part = part_count_++;
  const std::optional<int64_t> date = RankDate(clue);
  for (auto [value, winner] :
       {std::pair{&clue.name, &name_}, std::pair{&clue.description, &description_}}) {
    if (!value->empty() && Beats(date, *winner)) *winner = Winner{*value, part, date};
  }
  for (const auto& property : clue.properties) {
    auto found = properties_.find(property.key);
    if (found == properties_.end()) {
      properties_.emplace(property.key, Winner{property.value, part, date});
    } else if (Beats(date, found->second)) {
      found->second = Winner{property.value, part, date};
    }
  }
}

std::optional<Survivorship> Survivorship::FromDocument(std::string_view json) {
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  const auto count = doc.find("partCount");
  const auto properties = doc.find("properties");
  const auto dates = doc.find("dates");
  if (count == doc.end() || !count->is_number_integer() || count->get<int64_t>() < 0 ||
      properties == doc.end() || !properties->is_object() || dates == doc.end() ||
      !dates->is_object()) {
    return std::nullopt;
  }
  Survivorship state;
  state.part_count_ = count->get<int64_t>();
  for (auto [name, winner] :
       {std::pair{"name", &state.name_}, std::pair{"description", &state.description_}}) {
    const auto value = doc.find(name);
    if (value == doc.end() || !value->is_string()) return std::nullopt;
    // The part of a name or description is not kept: a later part wins every tie, so
    // only the winner's date decides.
    if (!value->get_ref<const std::string&>().empty()) {
      *winner = Winner{value->get<std::string>(), 0, ReadDate(*dates, name)};
    }
  }
  const auto property_dates = dates->find("properties");
  const bool have_dates = property_dates != dates->end() && property_dates->is_object();
  for (const auto& [key, entry] : properties->items()) {
    const auto value = entry.find("value");
    const auto part = entry.find("part");
    if (value == entry.end() || !value->is_string() ||
        value->get_ref<const std::string&>().empty() || part == entry.end() ||
        !part->is_number_integer() || part->get<int64_t>() < 0 ||
        part->get<int64_t>() >= state.part_count_) {
      return std::nullopt;
    }
    state.properties_.emplace(
        key, Winner{value->get<std::string>(), part->get<int64_t>(),
                    have_dates ? ReadDate(*property_dates, key.c_str()) : std::nullopt});
  }
  return state;
}

GoldenDocument Survivorship::Document() const {
  GoldenDocument doc;
  if (name_) doc.name = name_->value;
  std::string& out = doc.json;
  out += '{';
  AppendMember(out, "name", doc.name);
  out += ',';
  AppendMember(out, "description", description_ ? description_->value : std::string());
  out += ",\"properties\":{";
  doc.search_text = doc.name;
  std::string property_dates;
  for (const auto& [key, winner] : properties_) {
    if (out.back() != '{') out += ',';
    AppendJsonString(out, key);
    out += ":{\"value\":";
    AppendJsonString(out, winner.value);
    out += ",\"part\":";
    out += std::to_string(winner.part);
    out += '}';
    doc.search_text += '\n';
    doc.search_text += winner.value;
    if (winner.date) {
      property_dates += property_dates.empty() ? "" : ",";
      AppendJsonString(property_dates, key);
      property_dates += ':';
      property_dates += std::to_string(*winner.date);
    }
  }
  out += "},\"partCount\":";
  out += std::to_string(part_count_);
  out += ",\"dates\":{";
  for (auto [name, winner] : {std::pair{"name", &name_}, std::pair{"description", &description_}}) {
    if (!*winner || !(*winner)->date) continue;
    out += '"';
    out += name;
    out += "\":";
    out += std::to_string(*(*winner)->date);
    out += ',';
  }
  out += "\"properties\":{";
  out += property_dates;
  out += "}}}";
  return doc;
}

GoldenDocument BuildGoldenDocument(const std::vector<const Clue*>& clues) {
  Survivorship state;
  for (const Clue* clue : clues) state.Add(*clue);
  return state.Document();
}

std::vector<int64_t> PartsNamedBy(std::string_view json) {
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  std::vector<int64_t> parts;
  if (!doc.is_object()) return parts;
  const auto properties = doc.find("properties");
  if (properties == doc.end() || !properties->is_object()) return parts;
  for (const auto& [key, entry] : properties->items()) {
    const auto part = entry.is_object() ? entry.find("part") : entry.end();
    if (part != entry.end() && part->is_number_integer()) parts.push_back(part->get<int64_t>());
  }
  return parts;
}

std::map<std::string, std::string> PropertyValuesOf(std::string_view json) {
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  std::map<std::string, std::string> values;
  if (!doc.is_object()) return values;
  const auto properties = doc.find("properties");
  if (properties == doc.end() || !properties->is_object()) return values;
  for (const auto& [key, entry] : properties->items()) {
    const auto value = entry.is_object() ? entry.find("value") : entry.end();
    if (value != entry.end() && value->is_string()) values.emplace(key, value->get<std::string>());
  }
  return values;
}

}  // namespace inlet::processing
