#include "processing/json_text.h"

#include "inlet/common/json_text.h"
#include "inlet/common/utf8.h"

namespace inlet::processing {

bool IsEmptyValue(std::string_view json) { return json == "null" || json == "\"\""; }

std::string DecodeJsonString(std::string_view quoted) {
  if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"') {
    return std::string(quoted);
  }
  std::string_view s = quoted.substr(1, quoted.size() - 2);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      out += c;
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        const UnicodeEscape escape = ReadUnicodeEscape(s.substr(i - 1));
        if (escape.length == 0) {  // not an escape after all: keep it as written
          out += "\\u";
          break;
        }
        AppendUtf8(out, escape.code_point);
        i += escape.length - 2;
        break;
      }
      default:  // '"', '\\', '/' stand for themselves
        out += e;
        break;
    }
  }
  return out;
}

std::string ValueText(std::string_view json) {
  if (json == "null") return {};
  if (!json.empty() && json.front() == '"') return DecodeJsonString(json);
  return std::string(json);
}

}  // namespace inlet::processing
