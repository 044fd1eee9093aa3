#include "inlet/ingest/field_profile.h"

#include <algorithm>
#include <cstring>

#include "inlet/common/json_fields.h"

namespace inlet::ingest {
namespace {

// Serialized form: a sequence of length-prefixed pieces, little-endian 64-bit lengths
// and counts. Only this file writes and reads it.
void PutInt(std::string& out, int64_t value) {
  char bytes[8];
  std::memcpy(bytes, &value, 8);
  out.append(bytes, 8);
}

void PutText(std::string& out, std::string_view text) {
  PutInt(out, static_cast<int64_t>(text.size()));
  out.append(text);
}

class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
  bool Int(int64_t* value) {
    if (bytes_.size() < 8) return false;
    std::memcpy(value, bytes_.data(), 8);
    bytes_.remove_prefix(8);
    return true;
  }
  bool Text(std::string_view* text) {
    int64_t size = 0;
    if (!Int(&size) || size < 0 || static_cast<uint64_t>(size) > bytes_.size()) return false;
    *text = bytes_.substr(0, static_cast<size_t>(size));
    bytes_.remove_prefix(static_cast<size_t>(size));
    return true;
  }
  bool done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

bool IsEmptyValue(std::string_view value_json) {
  return value_json == "null" || value_json == "\"\"";
}

}  // namespace

void FieldProfile::AddRecord(std::string_view record_json) {
  ForEachTopLevelMember(
      record_json, [this](std::string_view name, std::string_view value) { Add(name, value); });
}

void FieldProfile::Add(std::string_view field, std::string_view value_json) {
  auto it = fields_.find(field);
  if (it == fields_.end()) it = fields_.emplace(std::string(field), FieldStats{}).first;
  FieldStats& stats = it->second;
  ++stats.count;
  if (IsEmptyValue(value_json)) {
    ++stats.empty_count;
    return;
  }
  stats.distinct.Add(value_json);
  if (stats.samples.size() < kMaxSamples &&
      std::find(stats.samples.begin(), stats.samples.end(), value_json) == stats.samples.end()) {
    stats.samples.emplace_back(value_json);
  }
}

void FieldProfile::Merge(const FieldProfile& other) {
  for (const auto& [name, theirs] : other.fields_) {
    auto it = fields_.find(name);
    if (it == fields_.end()) {
      fields_.emplace(name, theirs);
      continue;
    }
    FieldStats& mine = it->second;
    mine.count += theirs.count;
    mine.empty_count += theirs.empty_count;
    mine.distinct.Merge(theirs.distinct);
    for (const auto& sample : theirs.samples) {
      if (mine.samples.size() >= kMaxSamples) break;
      if (std::find(mine.samples.begin(), mine.samples.end(), sample) == mine.samples.end()) {
        mine.samples.push_back(sample);
      }
    }
  }
}

std::string FieldProfile::Serialize() const {
  std::string out;
  PutInt(out, static_cast<int64_t>(fields_.size()));
  for (const auto& [name, stats] : fields_) {
    PutText(out, name);
    PutInt(out, stats.count);
    PutInt(out, stats.empty_count);
    PutText(out, stats.distinct.Serialize());
    PutInt(out, static_cast<int64_t>(stats.samples.size()));
    for (const auto& sample : stats.samples) PutText(out, sample);
  }
  return out;
}

Result<FieldProfile> FieldProfile::Parse(std::string_view bytes) {
  auto corrupt = [] { return Status::Internal("a stored field profile is corrupt"); };
  FieldProfile profile;
  Cursor cursor(bytes);
  int64_t field_count = 0;
  if (!cursor.Int(&field_count) || field_count < 0) return corrupt();
  for (int64_t i = 0; i < field_count; ++i) {
    std::string_view name, counter;
    FieldStats stats;
    int64_t samples = 0;
    if (!cursor.Text(&name) || !cursor.Int(&stats.count) || !cursor.Int(&stats.empty_count) ||
        !cursor.Text(&counter) || !cursor.Int(&samples) || samples < 0 ||
        samples > static_cast<int64_t>(kMaxSamples)) {
      return corrupt();
    }
    auto distinct = DistinctCounter::Parse(counter);
    if (!distinct.ok()) return distinct.status();
    stats.distinct = std::move(distinct.value());
    for (int64_t s = 0; s < samples; ++s) {
      std::string_view sample;
      if (!cursor.Text(&sample)) return corrupt();
      stats.samples.emplace_back(sample);
    }
    profile.fields_.emplace(std::string(name), std::move(stats));
  }
  if (!cursor.done()) return corrupt();
  return profile;
}

}  // namespace inlet::ingest
