// Repair and validation of property names (SPEC §2.3, rules 2–4 and the final check).
// Rule 1 (characters outside the XML 1.0 set) is done while the name is decoded, by the
// reader; flattening, `id` and collisions (rules 5–8) work on whole records.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace inlet::ingest {

enum NameRepairFlag : uint8_t {
  kNameSpaceRemoved = 1,   // rule 2: white space (ASCII and Unicode White_Space)
  kNameDotRemoved = 2,     // rule 3: '.'
  kNameSymbolRemoved = 4,  // rule 4: any other ASCII character but letters, digits and '_'
};

struct SegmentRepair {
  uint8_t flags = 0;           // NameRepairFlag bits
  bool valid_chars = true;     // only Latin-script letters, ASCII digits and '_' remain
  char32_t first_invalid = 0;  // the first character that is none of those
};

// Appends `key` (one decoded member name, valid UTF-8) with rules 2–4 applied to `out`.
// Characters that no rule removes (a Cyrillic letter, '€', U+FFFD) are kept and make the
// result invalid: the caller rejects the record rather than guess a name.
SegmentRepair RepairSegment(std::string_view key, std::string& out);

// ASCII letters, digits and '_'.
inline constexpr std::array<bool, 256> kPlainNameByte = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[c] =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  return table;
}();

// True when no rule changes `key` and it is made only of ASCII letters, digits and '_'
// (the fast path for most names; validity is still checked by CheckName).
inline bool IsPlainName(std::string_view key) {
  for (const char c : key) {
    if (!kPlainNameByte[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

// Rule 6: the name is `id` in any case.
inline bool IsIdName(std::string_view name) {
  return name.size() == 2 && (name[0] == 'i' || name[0] == 'I') &&
         (name[1] == 'd' || name[1] == 'D');
}

enum class NameProblem { kNone, kEmpty, kBadStart, kTooLong };

// The checks on a whole (joined) name whose characters already passed RepairSegment:
// 1..max_length characters (code points), starting with a Latin-script letter or '_'.
NameProblem CheckNameSlow(std::string_view name, int max_length);
inline NameProblem CheckName(std::string_view name, int max_length) {
  // Fast path: an ASCII start, and no more bytes than the limit allows characters.
  if (!name.empty() && name.size() <= static_cast<size_t>(max_length)) {
    const char c = name[0];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return NameProblem::kNone;
  }
  return CheckNameSlow(name, max_length);
}

}  // namespace inlet::ingest
