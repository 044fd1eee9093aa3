// The few cryptographic primitives inlet needs, backed by OpenSSL.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "inlet/common/hex.h"

namespace inlet {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::string_view data);
// The digest of `first` followed by `second`, without joining them first.
Sha256Digest Sha256(std::string_view first, std::string_view second);

// Lower-case hex of a digest.
inline std::string ToHex(const Sha256Digest& d) { return ToHex(d.data(), d.size()); }

// Fills `out` from the operating system's CSPRNG. Aborts if none is available: a
// server that cannot make secrets must not make guessable ones.
void SecureRandomBytes(uint8_t* out, size_t size);

// Compares in time that depends only on the sizes, never on where the bytes differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace inlet
