// MappingDigest and SourceHash: what a data part remembers of the input its clue was
// built from.
#include <string>
#include <string_view>

#include "inlet/common/crypto.h"
#include "inlet/processing/clue.h"

namespace inlet::processing {
namespace {

// Raise when BuildClue starts to give another clue for some mapping and record: every
// stored source hash then stops matching, and the next job maps every record again.
constexpr std::string_view kClueRules = "inlet clue rules 1\n";

}  // namespace

Sha256Digest MappingDigest(std::string_view mapping_text) {
  return Sha256(kClueRules, mapping_text);
}

std::string SourceHash(const Sha256Digest& mapping_digest, std::string_view record_json) {
  const Sha256Digest digest = Sha256(
      std::string_view(reinterpret_cast<const char*>(mapping_digest.data()), mapping_digest.size()),
      record_json);
  return ToHex(digest.data(), 16);
}

}  // namespace inlet::processing
