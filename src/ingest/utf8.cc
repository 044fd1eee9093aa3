#include "ingest/utf8.h"

namespace inlet::ingest {

bool IsLatinLetter(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  if (c <= 0xFF) return c == 0xAA || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  if (c <= 0x2AF) return true;                  // Latin Extended-A, -B, IPA Extensions
  if (c >= 0x1E00 && c <= 0x1EFF) return true;  // Latin Extended Additional
  if (c >= 0x2C60 && c <= 0x2C7F) return true;  // Latin Extended-C
  if (c >= 0xA720 && c <= 0xA7FF) return true;  // Latin Extended-D
  if (c >= 0xAB30 && c <= 0xAB6F) return true;  // Latin Extended-E
  if (c >= 0xFF21 && c <= 0xFF3A) return true;  // fullwidth A-Z
  return c >= 0xFF41 && c <= 0xFF5A;            // fullwidth a-z
}

bool IsUnicodeSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x9 && c <= 0xD);
  switch (c) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

}  // namespace inlet::ingest
