// Hexadecimal digits, read and written in one place: digests, UUIDs and byte escapes are
// written here; %XX in URLs, \uXXXX in JSON and stored digests are read here, in either
// case.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace inlet {

// The value of one hex digit of either case; -1 for any other character.
constexpr int HexDigitValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The first four characters of `text` read as hex (the code unit of a \u escape); -1
// when there are fewer than four or one of them is not a hex digit.
constexpr int32_t ReadHex4(std::string_view text) noexcept {
  if (text.size() < 4) return -1;
  int32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    const int digit = HexDigitValue(text[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// Appends the two hex digits of `byte`, lower case unless `upper_case`.
void AppendHexByte(std::string& out, uint8_t byte, bool upper_case = false);

// Lower-case hex of the `size` bytes at `data`, two digits per byte.
std::string ToHex(const uint8_t* data, size_t size);

// The bytes the pairs of hex digits at the start of `hex` spell, at most `max_bytes`;
// reading stops at a pair that is not two hex digits.
std::string BytesFromHex(std::string_view hex, size_t max_bytes);

}  // namespace inlet
