#include "ingest/utf8.h"

namespace inlet::ingest {

Utf8Step DecodeUtf8(const unsigned char* p, const unsigned char* end) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return {lead, 1, true};
  int needed = 0;
  char32_t cp = 0;
  // Bounds of the second byte, which carry the overlong, surrogate and range rules.
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 2;
    cp = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 3;
    cp = lead & 0x07;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {0, 1, false};  // a continuation byte, C0, C1 or F5..FF
  }
  int length = 1;
  for (int i = 0; i < needed; ++i) {
    if (p + length >= end) return {0, length, false};
    const unsigned char c = p[length];
    const unsigned char lo = i == 0 ? low : 0x80;
    const unsigned char hi = i == 0 ? high : 0xBF;
    if (c < lo || c > hi) return {0, length, false};
    cp = (cp << 6) | (c & 0x3F);
    ++length;
  }
  return {cp, length, true};
}

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
