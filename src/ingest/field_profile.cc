#include "inlet/ingest/field_profile.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "inlet/common/json_fields.h"
#include "inlet/common/json_text.h"

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

// Bytes of the UTF-8 character that starts at text[i] (1 for a stray byte).
size_t Utf8Length(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  return std::min(length, text.size() - i);
}

bool IsHexIn(char c, std::string_view set) {
  return set.find(static_cast<char>(std::tolower(static_cast<unsigned char>(c)))) !=
         std::string_view::npos;
}

// "\uD8xx".."\uDBxx" (`high`) or "\uDCxx".."\uDFxx" at the start of `text`.
bool IsSurrogateEscape(std::string_view text, bool high) {
  return text.size() >= 6 && text[0] == '\\' && text[1] == 'u' && IsHexIn(text[2], "d") &&
         IsHexIn(text[3], high ? "89ab" : "cdef");
}

// Bytes of the character that starts at content[i] inside a JSON string: an escape
// (a surrogate pair's two escapes together) or one UTF-8 character.
size_t StringCharacterLength(std::string_view content, size_t i) {
  if (content[i] != '\\') return Utf8Length(content, i);
  if (i + 1 < content.size() && content[i + 1] == 'u') {
    std::string_view rest = content.substr(i);
    if (IsSurrogateEscape(rest, true) && IsSurrogateEscape(rest.substr(6), false)) return 12;
    return std::min<size_t>(6, content.size() - i);
  }
  return std::min<size_t>(2, content.size() - i);
}

// The byte length of the first `characters` characters of `text`, or npos when it has
// no more than that many.
template <typename Length>
size_t PrefixOfCharacters(std::string_view text, size_t characters, Length length) {
  size_t i = 0;
  for (size_t n = 0; i < text.size(); ++n) {
    if (n == characters) return i;
    i += length(text, i);
  }
  return std::string_view::npos;
}

constexpr std::string_view kEllipsis = "\xe2\x80\xa6";

}  // namespace

std::string CutSample(std::string_view value_json) {
  const bool is_string =
      value_json.size() >= 2 && value_json.front() == '"' && value_json.back() == '"';
  if (is_string) {
    std::string_view content = value_json.substr(1, value_json.size() - 2);
    if (PrefixOfCharacters(content, kMaxSampleCharacters, StringCharacterLength) ==
        std::string_view::npos) {
      return std::string(value_json);
    }
    size_t keep = PrefixOfCharacters(content, kMaxSampleCharacters - 1, StringCharacterLength);
    return "\"" + std::string(content.substr(0, keep)) + std::string(kEllipsis) + "\"";
  }
  if (PrefixOfCharacters(value_json, kMaxSampleCharacters, Utf8Length) == std::string_view::npos) {
    return std::string(value_json);
  }
  size_t keep = PrefixOfCharacters(value_json, kMaxSampleCharacters - 1, Utf8Length);
  std::string text(value_json.substr(0, keep));
  text += kEllipsis;
  std::string out;
  AppendJsonString(out, text);
  return out;
}

void FieldProfile::AddRecord(std::string_view record_json) {
  ForEachTopLevelMember(
      record_json, [this](std::string_view name, std::string_view value) { Add(name, value); });
}

void FieldProfile::AddOther(std::string_view field, int64_t count, int64_t empty_count) {
  other_.count += count;
  other_.empty_count += empty_count;
  other_.names.Add(field);
}

void FieldProfile::Add(std::string_view field, std::string_view value_json) {
  const bool empty = IsEmptyValue(value_json);
  auto it = fields_.find(field);
  if (it == fields_.end()) {
    if (fields_.size() >= max_fields_) return AddOther(field, 1, empty ? 1 : 0);
    it = fields_.emplace(std::string(field), FieldStats{}).first;
  }
  FieldStats& stats = it->second;
  ++stats.count;
  if (empty) {
    ++stats.empty_count;
    return;
  }
  stats.distinct.Add(value_json);
  if (stats.samples.size() < kMaxSamples) {
    std::string sample = CutSample(value_json);
    if (std::find(stats.samples.begin(), stats.samples.end(), sample) == stats.samples.end()) {
      stats.samples.push_back(std::move(sample));
    }
  }
}

void FieldProfile::Merge(const FieldProfile& other) {
  for (const auto& [name, theirs] : other.fields_) {
    auto it = fields_.find(name);
    if (it == fields_.end()) {
      if (fields_.size() >= max_fields_) {
        AddOther(name, theirs.count, theirs.empty_count);
      } else {
        fields_.emplace(name, theirs);
      }
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
  other_.count += other.other_.count;
  other_.empty_count += other.other_.empty_count;
  other_.names.Merge(other.other_.names);
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
  // After the fields, so a profile saved before the bound existed still parses.
  PutInt(out, other_.count);
  PutInt(out, other_.empty_count);
  PutText(out, other_.names.Serialize());
  return out;
}

Result<FieldProfile> FieldProfile::Parse(std::string_view bytes, size_t max_fields) {
  auto corrupt = [] { return Status::Internal("a stored field profile is corrupt"); };
  FieldProfile profile(max_fields);
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
    INLET_ASSIGN_OR_RETURN(stats.distinct, DistinctCounter::Parse(counter));
    for (int64_t s = 0; s < samples; ++s) {
      std::string_view sample;
      if (!cursor.Text(&sample)) return corrupt();
      // Saved before samples were cut: cut now, so every sample shown is bounded.
      std::string cut = CutSample(sample);
      if (std::find(stats.samples.begin(), stats.samples.end(), cut) == stats.samples.end()) {
        stats.samples.push_back(std::move(cut));
      }
    }
    // Saved before the bound, or under a larger one: the names past it are folded.
    if (profile.fields_.size() >= max_fields) {
      profile.AddOther(name, stats.count, stats.empty_count);
    } else {
      profile.fields_.emplace(std::string(name), std::move(stats));
    }
  }
  if (cursor.done()) return profile;
  int64_t count = 0, empty_count = 0;
  std::string_view names;
  if (!cursor.Int(&count) || !cursor.Int(&empty_count) || !cursor.Text(&names) || !cursor.done() ||
      count < 0 || empty_count < 0) {
    return corrupt();
  }
  INLET_ASSIGN_OR_RETURN(auto counter, DistinctCounter::Parse(names));
  profile.other_.count += count;
  profile.other_.empty_count += empty_count;
  profile.other_.names.Merge(counter);
  return profile;
}

}  // namespace inlet::ingest
