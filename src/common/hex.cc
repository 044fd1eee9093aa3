#include "inlet/common/hex.h"

namespace inlet {
namespace {

constexpr char kLowerDigits[] = "0123456789abcdef";
constexpr char kUpperDigits[] = "0123456789ABCDEF";

}  // namespace

void AppendHexByte(std::string& out, uint8_t byte, bool upper_case) {
  const char* digits = upper_case ? kUpperDigits : kLowerDigits;
  out.push_back(digits[byte >> 4]);
  out.push_back(digits[byte & 0xf]);
}

std::string ToHex(const uint8_t* data, size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) AppendHexByte(out, data[i]);
  return out;
}

std::string BytesFromHex(std::string_view hex, size_t max_bytes) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size() && bytes.size() < max_bytes; i += 2) {
    const int high = HexDigitValue(hex[i]);
    const int low = HexDigitValue(hex[i + 1]);
    if (high < 0 || low < 0) break;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

}  // namespace inlet
