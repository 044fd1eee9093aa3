// The profile of the fields an endpoint has seen (SPEC §3 "Fields"): per top-level
// field, how many records had it, how many of those were empty (null or ""), how many
// distinct values it took and a few sample values. Kept up to date as records arrive,
// never by scanning what is stored.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "inlet/common/status.h"

namespace inlet::ingest {

// Counts distinct values: exactly while there are few, then with HyperLogLog (2^14
// registers, standard error about 0.8%; below ~40,000 values the linear-counting
// estimate it uses is closer still).
class DistinctCounter {
 public:
  void Add(std::string_view value);
  void Merge(const DistinctCounter& other);
  int64_t Estimate() const;
  bool approximate() const { return registers_ != nullptr; }

  // A compact binary form, and back; Parse fails on anything Serialize did not write.
  std::string Serialize() const;
  static Result<DistinctCounter> Parse(std::string_view bytes);

  DistinctCounter() = default;
  DistinctCounter(const DistinctCounter& other);
  DistinctCounter& operator=(const DistinctCounter& other);
  DistinctCounter(DistinctCounter&&) = default;
  DistinctCounter& operator=(DistinctCounter&&) = default;

  static constexpr int kPrecision = 14;
  static constexpr size_t kRegisters = size_t{1} << kPrecision;
  static constexpr size_t kExactLimit = 1024;  // distinct hashes kept before switching

 private:
  void AddHash(uint64_t hash);
  void SwitchToRegisters();

  std::vector<uint64_t> exact_;  // sorted distinct hashes, while registers_ is null
  std::unique_ptr<std::array<uint8_t, kRegisters>> registers_;
};

struct FieldStats {
  int64_t count = 0;        // records that had the field
  int64_t empty_count = 0;  // of those, with null or ""
  DistinctCounter distinct;
  std::vector<std::string> samples;  // the first distinct non-empty values seen (cut)
};

// The values of names past the profile's bound, counted together.
struct OtherFields {
  int64_t count = 0;        // values
  int64_t empty_count = 0;  // of those, null or ""
  DistinctCounter names;    // how many distinct names they had
};

// A sample as shown: a value of at most kMaxSampleCharacters characters as it is; a
// longer string keeps its first characters and ends in "…"; any other longer value (a
// long number, an array) becomes such a string of its JSON text. Never splits a
// character or an escape, so the result is always one valid JSON value.
std::string CutSample(std::string_view value_json);
inline constexpr size_t kMaxSampleCharacters = 200;

// Bounded: at most `max_fields` names are profiled one by one (the first met, or when
// parsed, the first in name order); the values of further names are counted in
// other(). A body with thousands of distinct names cannot grow it past that.
class FieldProfile {
 public:
  static constexpr size_t kMaxSamples = 5;
  static constexpr size_t kDefaultMaxFields = 2000;  // limits.profileFields

  explicit FieldProfile(size_t max_fields = kDefaultMaxFields) : max_fields_(max_fields) {}

  // One field of one record: `value_json` is the value as stored (JSON text).
  void Add(std::string_view field, std::string_view value_json);
  // Every top-level field of a record as ProcessBody writes it (a compact JSON object
  // whose names need no escapes). Anything else is ignored rather than misread.
  void AddRecord(std::string_view record_json);
  // Within this profile's bound: names `other` has that do not fit go to other().
  void Merge(const FieldProfile& other);
  const std::map<std::string, FieldStats, std::less<>>& fields() const { return fields_; }
  const OtherFields& other() const { return other_; }
  // Whether any value was counted in other() rather than under its name.
  bool overflowed() const { return other_.count > 0; }
  bool empty() const { return fields_.empty() && !overflowed(); }
  size_t max_fields() const { return max_fields_; }

  std::string Serialize() const;
  // Reads what Serialize wrote (also a form saved before other() existed) into a profile
  // bounded by `max_fields`: saved names past it are folded into other().
  static Result<FieldProfile> Parse(std::string_view bytes, size_t max_fields = kDefaultMaxFields);

 private:
  // Counts a name that has no room of its own.
  void AddOther(std::string_view field, int64_t count, int64_t empty_count);

  size_t max_fields_;
  std::map<std::string, FieldStats, std::less<>> fields_;
  OtherFields other_;
};

}  // namespace inlet::ingest
