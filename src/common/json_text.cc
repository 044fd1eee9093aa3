#include "inlet/common/json_text.h"

#include <array>

#include "inlet/common/hex.h"

namespace inlet {
namespace {

constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  return table;
}();

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  size_t i = 0;
  while (i < text.size()) {
    // Long runs need no escaping: copy them whole.
    const size_t run = i;
    while (i < text.size() && !kNeedsEscape[static_cast<unsigned char>(text[i])]) ++i;
    out.append(text.data() + run, i - run);
    if (i >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i++]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        AppendHexByte(out, c);
    }
  }
  out.push_back('"');
}

UnicodeEscape ReadUnicodeEscape(std::string_view text) {
  const auto unit_at = [&text](size_t at) -> int32_t {
    if (text.size() < at + 6 || text[at] != '\\' || text[at + 1] != 'u') return -1;
    return ReadHex4(text.substr(at + 2));
  };
  const int32_t unit = unit_at(0);
  if (unit < 0) return {};
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    const int32_t low = unit_at(6);
    if (low >= 0xDC00 && low <= 0xDFFF) {
      return {static_cast<char32_t>(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)), 12};
    }
  }
  const bool surrogate = unit >= 0xD800 && unit <= 0xDFFF;
  return {surrogate ? char32_t{0xFFFD} : static_cast<char32_t>(unit), 6, surrogate};
}

}  // namespace inlet
