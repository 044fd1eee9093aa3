// Survivorship (SPEC §5): what a golden record says, computed from its data parts.
//
// Pure: clues come in, the document goes out.
//
// Which part wins a value. Parts are ranked by their date — the modified date when it
// could be read, else the created date — and then by processing order; a part with a
// readable date ranks above every part without one (a dated fact is taken as newer than
// an undated one), and among equals the one processed later wins. For each property, the
// name and the description, the highest-ranked part that has a non-empty value wins:
// `null` and "" never win, because a clue never carries them.
//
// Because a later part wins every tie, the winners after one more part depend only on the
// winners before it and that part. So a golden record that only gains parts is brought
// up to date from its stored document and the new clues alone (Survivorship::Add), and
// the result is the same document a fold over all its parts gives.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/processing/clue.h"

namespace inlet::processing {

struct GoldenDocument {
  std::string name;
  // {"name", "description", "properties": {key: {"value", "part"}}, "partCount",
  //  "dates": {"name"?, "description"?, "properties": {key: epoch ms}}}, properties by key.
  // A property's provenance is "part", the index of its part among the golden record's
  // parts in processing order (the store lists them; they are not copied here, so the
  // document's size does not grow with the number of parts). "partCount" and "dates"
  // (the readable date of each winner) are what Survivorship::FromDocument needs to go
  // on from here; the API does not show them.
  std::string json;
  std::string search_text;  // name and values, for `q`
};

// The winners of one golden record's values.
class Survivorship {
 public:
  // The state a stored document describes. nullopt when `json` is not a document this
  // class wrote (an older layout, a shadow's "{}"): the caller then folds over every part.
  static std::optional<Survivorship> FromDocument(std::string_view json);

  // The next part in processing order (after every part added or stored before).
  void Add(const Clue& clue);

  struct Winner {
    std::string value;
    int64_t part = 0;             // its index among the parts in processing order
    std::optional<int64_t> date;  // the winning part's readable date
  };

  int64_t part_count() const { return part_count_; }
  GoldenDocument Document() const;
  // Each property's winner, by key.
  const std::map<std::string, Winner>& properties() const { return properties_; }

 private:
  // True when a part of readable date `date` added now beats `current`.
  static bool Beats(const std::optional<int64_t>& date, const std::optional<Winner>& current);

  std::optional<Winner> name_, description_;
  std::map<std::string, Winner> properties_;
  int64_t part_count_ = 0;
};

// The document of a golden record whose parts have these clues, in processing order.
GoldenDocument BuildGoldenDocument(const std::vector<const Clue*>& clues);

// The part indexes a stored document's properties name (their "part"), in the order of
// its properties; empty for a document without any (a shadow's "{}", unreadable text).
std::vector<int64_t> PartsNamedBy(std::string_view json);

// The values of a stored document's properties by key; empty for a document without any.
std::map<std::string, std::string> PropertyValuesOf(std::string_view json);

}  // namespace inlet::processing
