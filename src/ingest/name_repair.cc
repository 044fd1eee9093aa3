#include "ingest/name_repair.h"

#include <algorithm>
#include <array>

#include "ingest/utf8.h"

namespace inlet::ingest {
namespace {

// What rules 2–4 do with each ASCII byte: keep it, or remove it under which rule.
enum AsciiClass : uint8_t {
  kKeep = 0,
  kSpace = kNameSpaceRemoved,
  kDot = kNameDotRemoved,
  kSymbol = kNameSymbolRemoved
};

constexpr std::array<uint8_t, 128> kAscii = [] {
  std::array<uint8_t, 128> table{};
  for (int c = 0; c < 128; ++c) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    const bool space = c == ' ' || (c >= 0x9 && c <= 0xD);
    table[c] = keep ? kKeep : space ? kSpace : c == '.' ? kDot : kSymbol;
  }
  return table;
}();

}  // namespace

SegmentRepair RepairSegment(std::string_view key, std::string& out) {
  SegmentRepair result;
  const auto* p = reinterpret_cast<const unsigned char*>(key.data());
  const auto* const end = p + key.size();
  while (p < end) {
    // Runs of kept ASCII are the common case: copy them in one go.
    const auto* run = p;
    while (p < end && *p < 0x80 && kAscii[*p] == kKeep) ++p;
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    if (p >= end) break;
    if (*p < 0x80) {
      result.flags |= kAscii[*p];
      ++p;
      continue;
    }
    const Utf8Step step = DecodeUtf8(p, end);
    const char32_t cp = step.valid ? step.code_point : kReplacementChar;
    if (IsUnicodeSpace(cp)) {
      result.flags |= kNameSpaceRemoved;
    } else {
      if (!IsLatinLetter(cp) && result.valid_chars) {
        result.valid_chars = false;
        result.first_invalid = cp;
      }
      AppendUtf8(out, cp);
    }
    p += step.length;
  }
  return result;
}

NameProblem CheckNameSlow(std::string_view name, int max_length) {
  if (name.empty()) return NameProblem::kEmpty;
  const auto* p = reinterpret_cast<const unsigned char*>(name.data());
  const auto* const end = p + name.size();
  const Utf8Step first = DecodeUtf8(p, end);
  if (!first.valid || (first.code_point != '_' && !IsLatinLetter(first.code_point))) {
    return NameProblem::kBadStart;
  }
  if (name.size() <= static_cast<size_t>(std::max(max_length, 0))) return NameProblem::kNone;
  // Code points: every byte that is not a continuation byte starts one.
  int64_t count = 0;
  for (; p < end; ++p) count += (*p & 0xC0) != 0x80;
  return count > max_length ? NameProblem::kTooLong : NameProblem::kNone;
}

}  // namespace inlet::ingest
