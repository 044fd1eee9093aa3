#include "inlet/common/json_fields.h"

namespace inlet {

size_t JsonValueEnd(std::string_view json, size_t pos) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = pos; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return i + 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        ++depth;
        break;
      case ']':
      case '}':
        if (depth == 0) return i == pos ? std::string_view::npos : i;
        if (--depth == 0) return i + 1;
        break;
      case ',':
        if (depth == 0) return i == pos ? std::string_view::npos : i;
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

}  // namespace inlet
