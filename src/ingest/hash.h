// A fast hash for the short strings (member names) the repairer puts in its tables.
// std::hash hashes byte by byte; names are read 8 bytes at a time here. A per-process
// random seed keeps a sender from choosing names that all land in one slot.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace inlet::ingest {

uint64_t HashSeed();  // random, fixed for the life of the process

inline uint64_t HashBytes(std::string_view text) {
  static const uint64_t seed = HashSeed();
  uint64_t h = seed ^ (text.size() * 0x9E3779B97F4A7C15ull);
  const char* p = text.data();
  size_t n = text.size();
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t word = 0;
    std::memcpy(&word, p, n);
    h = (h ^ word) * 0x94D049BB133111EBull;
  }
  return h ^ (h >> 29);
}

}  // namespace inlet::ingest
