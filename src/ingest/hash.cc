#include "ingest/hash.h"

#include <random>

namespace inlet::ingest {

uint64_t HashSeed() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace inlet::ingest
