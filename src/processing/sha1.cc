#include "processing/sha1.h"

#include <openssl/sha.h>

#include "inlet/common/crypto.h"

namespace inlet::processing {

std::string Sha1Hex(std::string_view data) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return ToHex(digest, sizeof digest);
}

}  // namespace inlet::processing
