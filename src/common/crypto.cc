#include "inlet/common/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace inlet {

namespace {

[[noreturn]] void Sha256Failed() {
  std::fputs("inlet: OpenSSL cannot compute SHA-256; refusing to continue\n", stderr);
  std::abort();
}

// OpenSSL 3's one-shot SHA256() looks the algorithm up on every call (a third of the
// cost of hashing a clue) and EVP_Digest allocates a context per call; the fetched
// algorithm is immutable and shared, and each thread reuses one context.
Sha256Digest Sha256Of(std::string_view first, std::string_view second) {
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  struct ContextFree {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  thread_local const std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  Sha256Digest digest;
  if (kSha256 == nullptr || context == nullptr ||
      EVP_DigestInit_ex2(context.get(), kSha256, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), first.data(), first.size()) != 1 ||
      EVP_DigestUpdate(context.get(), second.data(), second.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest.data(), nullptr) != 1) {
    Sha256Failed();
  }
  return digest;
}

}  // namespace

Sha256Digest Sha256(std::string_view data) { return Sha256Of(data, {}); }

Sha256Digest Sha256(std::string_view first, std::string_view second) {
  return Sha256Of(first, second);
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
