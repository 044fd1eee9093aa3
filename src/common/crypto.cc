#include "inlet/common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace inlet {

Sha256Digest Sha256(std::string_view data) {
  // OpenSSL 3's one-shot SHA256() looks the algorithm up on every call (a third of the
  // cost of hashing a clue); the fetched algorithm is immutable and thread-safe to share.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  Sha256Digest digest;
  if (kSha256 == nullptr ||
      EVP_Digest(data.data(), data.size(), digest.data(), nullptr, kSha256, nullptr) != 1) {
    std::fputs("inlet: OpenSSL cannot compute SHA-256; refusing to continue\n", stderr);
    std::abort();
  }
  return digest;
}

std::string ToHex(const uint8_t* data, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xf];
  }
  return out;
}

void SecureRandomBytes(uint8_t* out, size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    std::fputs("inlet: the system CSPRNG failed; refusing to continue\n", stderr);
    std::abort();
  }
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace inlet
