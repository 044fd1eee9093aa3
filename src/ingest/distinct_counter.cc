#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "inlet/ingest/field_profile.h"

namespace inlet::ingest {
namespace {

// FNV-1a over the bytes, then the MurmurHash3 finalizer: FNV alone leaves the high bits
// (which pick the HyperLogLog register) poorly mixed for short, similar values.
uint64_t Hash(std::string_view value) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : value) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

constexpr char kExactTag = 'E';
constexpr char kRegistersTag = 'H';

}  // namespace

DistinctCounter::DistinctCounter(const DistinctCounter& other) : exact_(other.exact_) {
  if (other.registers_) {
    registers_ = std::make_unique<std::array<uint8_t, kRegisters>>(*other.registers_);
  }
}

DistinctCounter& DistinctCounter::operator=(const DistinctCounter& other) {
  if (this != &other) {
    DistinctCounter copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void DistinctCounter::Add(std::string_view value) { AddHash(Hash(value)); }

void DistinctCounter::AddHash(uint64_t hash) {
  if (!registers_) {
    auto it = std::lower_bound(exact_.begin(), exact_.end(), hash);
    if (it != exact_.end() && *it == hash) return;
    exact_.insert(it, hash);
    if (exact_.size() > kExactLimit) SwitchToRegisters();
    return;
  }
  size_t index = static_cast<size_t>(hash >> (64 - kPrecision));
  uint64_t rest = hash << kPrecision;
  uint8_t rank = static_cast<uint8_t>(rest == 0 ? 64 - kPrecision + 1 : std::countl_zero(rest) + 1);
  uint8_t& slot = (*registers_)[index];
  slot = std::max(slot, rank);
}

void DistinctCounter::SwitchToRegisters() {
  registers_ = std::make_unique<std::array<uint8_t, kRegisters>>();
  registers_->fill(0);
  std::vector<uint64_t> hashes = std::move(exact_);
  exact_.clear();
  for (uint64_t hash : hashes) AddHash(hash);
}

void DistinctCounter::Merge(const DistinctCounter& other) {
  if (other.registers_) {
    if (!registers_) SwitchToRegisters();
    for (size_t i = 0; i < kRegisters; ++i) {
      (*registers_)[i] = std::max((*registers_)[i], (*other.registers_)[i]);
    }
    return;
  }
  for (uint64_t hash : other.exact_) AddHash(hash);
}

int64_t DistinctCounter::Estimate() const {
  if (!registers_) return static_cast<int64_t>(exact_.size());
  const double m = static_cast<double>(kRegisters);
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t rank : *registers_) {
    sum += std::ldexp(1.0, -rank);
    if (rank == 0) ++zeros;
  }
  const double alpha = 0.7213 / (1 + 1.079 / m);
  double estimate = alpha * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) {
    estimate = m * std::log(m / static_cast<double>(zeros));  // linear counting
  }
  return static_cast<int64_t>(std::llround(estimate));
}

std::string DistinctCounter::Serialize() const {
  if (registers_) {
    std::string out(1, kRegistersTag);
    out.append(reinterpret_cast<const char*>(registers_->data()), registers_->size());
    return out;
  }
  std::string out(1, kExactTag);
  out.resize(1 + exact_.size() * 8);
  if (!exact_.empty()) std::memcpy(out.data() + 1, exact_.data(), exact_.size() * 8);
  return out;
}

Result<DistinctCounter> DistinctCounter::Parse(std::string_view bytes) {
  DistinctCounter counter;
  auto corrupt = [] { return Status::Internal("a stored distinct counter is corrupt"); };
  if (bytes.empty()) return corrupt();
  std::string_view body = bytes.substr(1);
  if (bytes[0] == kRegistersTag) {
    if (body.size() != kRegisters) return corrupt();
    counter.registers_ = std::make_unique<std::array<uint8_t, kRegisters>>();
    std::memcpy(counter.registers_->data(), body.data(), kRegisters);
    return counter;
  }
  if (bytes[0] != kExactTag || body.size() % 8 != 0 || body.size() / 8 > kExactLimit) {
    return corrupt();
  }
  counter.exact_.resize(body.size() / 8);
  if (!body.empty()) std::memcpy(counter.exact_.data(), body.data(), body.size());
  if (!std::is_sorted(counter.exact_.begin(), counter.exact_.end())) return corrupt();
  return counter;
}

}  // namespace inlet::ingest
