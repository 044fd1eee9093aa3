#include "ingest/json_text.h"

#include <array>

#include "ingest/utf8.h"

namespace inlet::ingest {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads \uXXXX at raw[i] (the backslash); -1 when it is not one.
long ReadU4(std::string_view raw, size_t i) {
  if (i + 6 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u') return -1;
  long v = 0;
  for (size_t k = 2; k < 6; ++k) {
    const int h = HexValue(raw[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

std::string DisplayText(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  const auto* const base = reinterpret_cast<const unsigned char*>(raw.data());
  size_t i = 0;
  while (i < raw.size()) {
    const unsigned char c = base[i];
    if (c == '\\' && i + 1 < raw.size()) {
      const char e = raw[i + 1];
      if (e != 'u') {
        const char plain = e == 'n'   ? '\n'
                           : e == 'r' ? '\r'
                           : e == 't' ? '\t'
                           : e == 'b' ? '\b'
                           : e == 'f' ? '\f'
                                      : e;
        out.push_back(plain);
        i += 2;
        continue;
      }
      const long cp = ReadU4(raw, i);
      if (cp < 0) {  // not reachable after the reader's checks; keep the text
        out.push_back('\\');
        ++i;
        continue;
      }
      i += 6;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        const long low = ReadU4(raw, i);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          AppendUtf8(out, static_cast<char32_t>(0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)));
          i += 6;
          continue;
        }
      }
      const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
      AppendUtf8(out, surrogate ? kReplacementChar : static_cast<char32_t>(cp));
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    const Utf8Step step = DecodeUtf8(base + i, base + raw.size());
    AppendUtf8(out, step.valid ? step.code_point : kReplacementChar);
    i += static_cast<size_t>(step.length);
  }
  return out;
}

std::string OriginalText(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  const auto* const base = reinterpret_cast<const unsigned char*>(raw.data());
  size_t i = 0;
  while (i < raw.size()) {
    if (base[i] < 0x80) {
      out.push_back(static_cast<char>(base[i++]));
      continue;
    }
    const Utf8Step step = DecodeUtf8(base + i, base + raw.size());
    if (step.valid) {
      out.append(raw.data() + i, static_cast<size_t>(step.length));
    } else {
      for (int k = 0; k < step.length; ++k) {
        out += "\\x";
        out.push_back(kHex[base[i + k] >> 4]);
        out.push_back(kHex[base[i + k] & 0xF]);
      }
    }
    i += static_cast<size_t>(step.length);
  }
  return out;
}

void AppendPointerToken(std::string& out, std::string_view token) {
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace inlet::ingest
