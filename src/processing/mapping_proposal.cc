// ProposeMapping: reading a field profile for a primary identifier, email identifiers, a
// name, a description and dates (the rules are in docs/processing.md).
//
// Field names are compared as lower-case words ("customerID" → customer id,
// "last_modified" → last modified), so every spelling convention a source may use is
// read the same way without a list of every variant.
#include "inlet/processing/mapping_proposal.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "inlet/processing/clue.h"
#include "processing/json_text.h"

namespace inlet::processing {
namespace {

using Words = std::vector<std::string>;
using WordSet = std::initializer_list<std::string_view>;

// Split at anything but ASCII letters and digits, at a lower-case letter or digit
// followed by a capital, at the last capital of an acronym followed by a lower-case letter
// ("URLValue" → url value) and between letters and digits.
Words SplitWords(std::string_view name) {
  Words words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  auto at = [&](size_t i) { return static_cast<unsigned char>(name[i]); };
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = at(i);
    if (c > 127 || !std::isalnum(c)) {
      flush();
      continue;
    }
    if (!word.empty()) {
      unsigned char prev = at(i - 1);
      bool starts_word = std::isupper(c) && (std::islower(prev) || std::isdigit(prev));
      bool ends_acronym =
          std::isupper(c) && std::isupper(prev) && i + 1 < name.size() && std::islower(at(i + 1));
      bool digit_edge = (std::isdigit(c) != 0) != (std::isdigit(prev) != 0);
      if (starts_word || ends_acronym || digit_edge) flush();
    }
    word.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return words;
}

bool In(std::string_view word, WordSet set) {
  return std::find(set.begin(), set.end(), word) != set.end();
}

bool AnyIn(const Words& words, WordSet set) {
  return std::any_of(words.begin(), words.end(), [&](const auto& w) { return In(w, set); });
}

Words Prefix(const Words& words) { return Words(words.begin(), words.end() - 1); }

std::string Quoted(const std::string& field) { return "\"" + field + "\""; }

// "in all 3 records" / "in 2 of 3 records", and "never empty" / "empty in 1 of them".
std::string Presence(const FieldSummary& f, int64_t records) {
  std::string text = f.count >= records ? "in all " + std::to_string(records) + " records"
                                        : "in " + std::to_string(f.count) + " of " +
                                              std::to_string(records) + " records";
  text += f.empty_count == 0 ? ", never empty"
                             : ", empty in " + std::to_string(f.empty_count) + " of them";
  return text;
}

std::string Distinct(const FieldSummary& f) {
  return (f.distinct_approximate ? "about " : "") + std::to_string(f.distinct_count) +
         " distinct values" + (f.distinct_approximate ? " (estimated)" : "");
}

// Each sample, or each element of an array sample.
template <typename Visit>
void ForEachSampleValue(const FieldSummary& f, Visit visit) {
  for (const auto& sample : f.samples) {
    if (!ForEachArrayElement(sample, visit)) visit(std::string_view(sample));
  }
}

bool HasCompositeSamples(const FieldSummary& f) {
  return std::any_of(f.samples.begin(), f.samples.end(),
                     [](const auto& s) { return !s.empty() && (s[0] == '[' || s[0] == '{'); });
}

// An estimate is within 2% of the truth far beyond its standard error (about 0.8%), so
// a unique field is not missed for its counter's noise on large endpoints.
bool Unique(const FieldSummary& f) {
  if (!f.distinct_approximate) return f.distinct_count == f.count;
  return std::llabs(f.distinct_count - f.count) * 50 <= f.count;
}

// Empty when `f` can key every record: in each one, never empty, unique and scalar
// (an array would key a record by several values); otherwise what rules it out.
std::string KeyFlaw(const FieldSummary& f, int64_t records) {
  if (f.count < records) {
    return "in " + std::to_string(f.count) + " of " + std::to_string(records) + " records";
  }
  if (f.empty_count > 0) {
    return "empty in " + std::to_string(f.empty_count) + " of " + std::to_string(f.count) +
           " records";
  }
  if (!Unique(f)) return Distinct(f) + " in " + std::to_string(f.count) + " records";
  if (HasCompositeSamples(f)) return "holds arrays or objects";
  return "";
}

// Lower ranks are preferred; nullopt: not an identifier name. "phoneNumber" and
// "streetNo" end like keys but identify no record.
std::optional<int> IdRank(const Words& words, const Words& entity) {
  if (words.empty()) return std::nullopt;
  const std::string& last = words.back();
  bool id_word = In(last, {"id", "uuid", "guid", "identifier"});
  if (!id_word && !In(last, {"code", "key", "number", "no", "nr", "num", "ref", "reference"})) {
    return std::nullopt;
  }
  if (AnyIn(words, {"phone", "mobile", "fax", "tel", "telephone", "cell", "street", "house", "zip",
                    "postal"})) {
    return std::nullopt;
  }
  if (words.size() > 1 && Prefix(words) == entity) return 0;  // customerId for /Customer
  if (words.size() == 1 && id_word) return 1;                 // id, _id, uuid
  return id_word ? 2 : 3;                                     // externalId; code, key, …
}

bool LooksLikeEmail(std::string_view text) {
  size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != text.npos) {
    return false;
  }
  std::string_view domain = text.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == 0 || dot == domain.npos || domain.back() == '.') return false;
  return std::none_of(text.begin(), text.end(),
                      [](unsigned char c) { return std::isspace(c) || c == '"'; });
}

// Why `f` holds email addresses, or "" when it does not: every sample looks like one, or
// the name says so and no sample is a number, boolean or object (a "mailOptIn": true is
// no address).
std::string EmailEvidence(const FieldSummary& f, const Words& words) {
  int values = 0, emails = 0, non_strings = 0;
  ForEachSampleValue(f, [&](std::string_view value) {
    if (value.empty() || IsEmptyValue(value)) return;
    ++values;
    if (value[0] != '"') ++non_strings;
    if (value[0] == '"' && LooksLikeEmail(ValueText(value))) ++emails;
  });
  if (values > 0 && emails == values) {
    return std::to_string(emails) + " of " + std::to_string(values) +
           " samples look like email addresses";
  }
  if (AnyIn(words, {"email", "emails", "mail"}) && non_strings == 0) {
    return values == 0 ? "its name says email (no samples yet)"
                       : "its name says email (" + std::to_string(emails) + " of " +
                             std::to_string(values) + " samples look like addresses)";
  }
  return "";
}

std::optional<int> NameRank(const Words& words, const Words& entity) {
  if (words.empty()) return std::nullopt;
  if (words == Words{"name"}) return 0;
  if (words.size() == 1 && In(words[0], {"title", "label", "caption"})) return 2;
  if (words.back() != "name") return std::nullopt;
  Words prefix = Prefix(words);
  if (prefix == Words{"full"} || prefix == Words{"display"} || prefix == entity) return 1;
  // Part of a person's name, or the name of something else than the entity.
  if (AnyIn(prefix, {"first", "last", "middle", "given", "family", "sur", "nick", "maiden", "user",
                     "login", "file", "host", "domain", "path", "class", "type"})) {
    return std::nullopt;
  }
  return 2;  // companyName, organisationName, …
}

std::optional<int> DescriptionRank(const Words& words, const Words&) {
  if (words.empty() || !In(words.back(), {"description", "desc", "summary"})) {
    return std::nullopt;
  }
  return words.size() == 1 ? 0 : 1;
}

const WordSet kCreated = {"created", "create", "creation", "inserted", "added"};
const WordSet kModified = {"modified", "modify", "updated", "update", "changed"};

// A name with one of `markers` that ends in it or in a word that names an instant:
// "updatedAt", "lastModified", "dateCreated"; not "modifiedBy".
bool DateName(const Words& words, WordSet markers) {
  if (!AnyIn(words, markers)) return false;
  return In(words.back(), markers) ||
         In(words.back(), {"at", "on", "date", "time", "timestamp", "ts", "datetime", "utc"});
}

// The best-ranked field with at least one non-empty value; ties go to the field non-empty
// in more records, then to the earlier one.
template <typename RankFn>
const FieldSummary* BestRanked(const std::vector<FieldSummary>& fields, RankFn rank) {
  const FieldSummary* best = nullptr;
  int best_rank = 0;
  for (const auto& f : fields) {
    std::optional<int> r = rank(f);
    if (!r || f.count <= f.empty_count || HasCompositeSamples(f)) continue;
    bool better = !best || *r < best_rank ||
                  (*r == best_rank && f.count - f.empty_count > best->count - best->empty_count);
    if (better) {
      best = &f;
      best_rank = *r;
    }
  }
  return best;
}

struct Proposer {
  const std::vector<FieldSummary>& fields;
  int64_t records;
  Words entity;
  MappingProposal out;

  void Reason(std::string part, std::string why) {
    out.reasons.push_back({std::move(part), std::move(why)});
  }

  void ProposePrimary() {
    std::vector<std::pair<int, const FieldSummary*>> id_like;
    for (const auto& f : fields) {
      if (auto rank = IdRank(SplitWords(f.name), entity)) id_like.emplace_back(*rank, &f);
    }
    std::stable_sort(id_like.begin(), id_like.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string passed_over;
    for (const auto& [rank, f] : id_like) {
      std::string flaw = KeyFlaw(*f, records);
      if (flaw.empty()) {
        out.mapping.primary_identifier = PrimaryIdentifier{false, {f->name}};
        Reason("primaryIdentifier",
               Quoted(f->name) + " has an id-like name" +
                   (rank == 0 ? " matching the entity type " + out.mapping.entity_type : "") +
                   " and is " + Presence(*f, records) + ", with " + Distinct(*f) +
                   ": one per record" +
                   (passed_over.empty() ? "" : "; passed over: " + passed_over));
        return;
      }
      passed_over += (passed_over.empty() ? "" : ", ") + Quoted(f->name) + " (" + flaw + ")";
    }
    std::string id_note =
        id_like.empty() ? "no field has an id-like name (id, _id, *Id, *_id, code, key, number, …)"
                        : "no field with an id-like name is in every record, never empty and "
                          "unique: " +
                              passed_over;
    if (const FieldSummary* f = FallbackKey()) {
      out.mapping.primary_identifier = PrimaryIdentifier{false, {f->name}};
      Reason("primaryIdentifier", id_note + ". " + Quoted(f->name) + " is " +
                                      Presence(*f, records) + ", with " + Distinct(*f) +
                                      ": check that it really identifies one " +
                                      out.mapping.entity_type + " before applying");
      return;
    }
    out.mapping.primary_identifier = PrimaryIdentifier{true, {}};
    Reason("primaryIdentifier",
           id_note + "; no other field of the " + std::to_string(fields.size()) +
               " seen is in all " + std::to_string(records) +
               " records, never empty and unique either, so each record is keyed by a hash of "
               "its content ({\"auto\": true}): identical records become one golden record and "
               "a changed record becomes a new one. Set the primary identifier by hand if a "
               "field identifies the records");
  }

  // A field that can key every record although its name does not say so: email-like
  // ones first (a natural key), never a date (unique by accident, not by design).
  const FieldSummary* FallbackKey() {
    const FieldSummary* first = nullptr;
    for (const auto& f : fields) {
      Words words = SplitWords(f.name);
      if (!KeyFlaw(f, records).empty() || IsDate(words, f)) continue;
      if (!EmailEvidence(f, words).empty()) return &f;
      if (!first) first = &f;
    }
    return first;
  }

  bool IsDate(const Words& words, const FieldSummary& f) {
    if (DateName(words, kCreated) || DateName(words, kModified)) return true;
    int values = 0, iso_dates = 0;
    ForEachSampleValue(f, [&](std::string_view value) {
      ++values;
      if (!value.empty() && value[0] == '"' && ParseDateMillis(ValueText(value))) ++iso_dates;
    });
    return values > 0 && iso_dates == values;
  }

  void ProposeIdentifiers() {
    for (const auto& f : fields) {
      std::string evidence = EmailEvidence(f, SplitWords(f.name));
      if (evidence.empty()) continue;
      std::string part = "identifiers[" + std::to_string(out.mapping.identifiers.size()) + "]";
      out.mapping.identifiers.push_back({f.name, "email"});
      Reason(part, Quoted(f.name) + ": " + evidence + "; " + Presence(f, records) +
                       ". An additional identifier with origin \"email\" (" +
                       out.mapping.entity_type +
                       "#email:<address>), so records of endpoints whose mappings also use "
                       "origin \"email\" meet on the same address; empty values are skipped, "
                       "never hashed");
    }
    if (out.mapping.identifiers.empty()) {
      Reason("identifiers",
             "none of the " + std::to_string(fields.size()) +
                 " fields has an email-like name (email, mail, …) or samples that look like "
                 "email addresses, so no additional identifier is proposed");
    }
  }

  template <typename RankFn>
  void ProposeText(std::optional<std::string>& target, const char* part, const char* kind,
                   const char* examples, RankFn rank) {
    const FieldSummary* f =
        BestRanked(fields, [&](const FieldSummary& x) { return rank(SplitWords(x.name), entity); });
    if (f) {
      target = f->name;
      Reason(part, Quoted(f->name) + " has a " + kind + " name and is " + Presence(*f, records));
    } else {
      Reason(part, std::string("no field has a ") + kind + " name (" + examples + "), so " + part +
                       " stays null");
    }
  }

  // How many of the field's sample values read as dates, of how many.
  static std::pair<int, int> DateSamples(const FieldSummary& f) {
    int values = 0, dates = 0;
    ForEachSampleValue(f, [&](std::string_view v) {
      ++values;
      if (ParseDateMillis(ValueText(v))) ++dates;
    });
    return {dates, values};
  }

  void ProposeDate(std::optional<std::string>& target, const char* part, const char* kind,
                   const char* examples, WordSet markers) {
    std::string unreadable;
    const FieldSummary* f = BestRanked(fields, [&](const FieldSummary& x) -> std::optional<int> {
      if (!DateName(SplitWords(x.name), markers)) return std::nullopt;
      auto [dates, values] = DateSamples(x);
      if (values > 0 && dates == 0) {
        unreadable += (unreadable.empty() ? "" : ", ") + Quoted(x.name) + " (none of its " +
                      std::to_string(values) + " samples reads as a date)";
        return std::nullopt;
      }
      return 0;
    });
    if (f) {
      target = f->name;
      auto [dates, values] = DateSamples(*f);
      Reason(part, Quoted(f->name) + " has a " + kind + " name and is " + Presence(*f, records) +
                       "; " + std::to_string(dates) + " of " + std::to_string(values) +
                       " samples read as dates");
    } else if (unreadable.empty()) {
      Reason(part, std::string("no field has a ") + kind + " name (" + examples + "), so " + part +
                       " stays null");
    } else {
      Reason(part, std::string("no field with a ") + kind + " name holds dates: " + unreadable +
                       ", so " + part + " stays null");
    }
  }
};

}  // namespace

MappingProposal ProposeMapping(const Mapping& current, const std::vector<FieldSummary>& fields,
                               int64_t record_count) {
  int64_t records = record_count;
  for (const auto& f : fields) records = std::max(records, f.count);
  std::string_view type = current.entity_type;
  Proposer p{fields, records, SplitWords(type.substr(type.rfind('/') + 1)), {}};
  p.out.mapping.entity_type = current.entity_type;
  p.out.mapping.vocabulary_prefix = current.vocabulary_prefix;
  p.out.mapping.origin = current.origin;
  p.out.mapping.properties = current.properties;
  p.out.mapping.edges = current.edges;
  p.ProposePrimary();
  p.ProposeIdentifiers();
  p.ProposeText(p.out.mapping.name_field, "nameField", "name-like",
                "name, fullName, displayName, companyName, title, …", NameRank);
  p.ProposeText(p.out.mapping.description_field, "descriptionField", "description-like",
                "description, desc, summary, …", DescriptionRank);
  p.ProposeDate(p.out.mapping.created_date_field, "createdDateField", "created-date",
                "created, createdAt, creationDate, dateCreated, …", kCreated);
  p.ProposeDate(p.out.mapping.modified_date_field, "modifiedDateField", "modified-date",
                "modified, modifiedAt, updatedAt, lastModified, …", kModified);
  return std::move(p.out);
}

std::string ProposalToJson(const MappingProposal& proposal) {
  nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
  for (const auto& r : proposal.reasons) reasons.push_back({{"part", r.part}, {"why", r.why}});
  // Field names are whatever a client sent: replace invalid UTF-8 rather than throw.
  return "{\"mapping\":" + MappingToJson(proposal.mapping) + ",\"reasons\":" +
         reasons.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "}";
}

}  // namespace inlet::processing
