#include "ingest/json_text.h"

#include "ingest/utf8.h"
#include "inlet/common/hex.h"
#include "inlet/common/json_text.h"

namespace inlet::ingest {

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
      const UnicodeEscape escape = ReadUnicodeEscape(raw.substr(i));
      if (escape.length == 0) {  // not reachable after the reader's checks; keep the text
        out.push_back('\\');
        ++i;
        continue;
      }
      AppendUtf8(out, escape.code_point);
      i += escape.length;
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
        AppendHexByte(out, base[i + k], /*upper_case=*/true);
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
