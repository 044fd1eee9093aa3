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
  std::vector<std::string> samples;  // the first distinct non-empty values seen
};

class FieldProfile {
 public:
  static constexpr size_t kMaxSamples = 5;

  // One field of one record: `value_json` is the value as stored (JSON text).
  void Add(std::string_view field, std::string_view value_json);
  // Every top-level field of a record as ProcessBody writes it (a compact JSON object
  // whose names need no escapes). Anything else is ignored rather than misread.
  void AddRecord(std::string_view record_json);
  void Merge(const FieldProfile& other);
  const std::map<std::string, FieldStats, std::less<>>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

  std::string Serialize() const;
  static Result<FieldProfile> Parse(std::string_view bytes);

 private:
  std::map<std::string, FieldStats, std::less<>> fields_;
};

}  // namespace inlet::ingest
