#include "inlet/common/uuid.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <mutex>

#include "inlet/common/crypto.h"
#include "inlet/common/hex.h"
#include "inlet/common/time.h"

namespace inlet {
namespace {

std::string Format(const std::array<uint8_t, 16>& b) {
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    AppendHexByte(out, b[i]);
  }
  return out;
}

void SetVersionAndVariant(std::array<uint8_t, 16>& b, uint8_t version) {
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | (version << 4));
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
}

// Random bytes of ids (a UUIDv7's tail, a whole UUIDv4) from a per-thread buffer of
// CSPRNG output, refilled 4 KiB at a time: one RAND_bytes call per id cost a quarter of
// the ingestion writer's time, and a getpid system call per request id (OpenSSL checks
// for a fork on every call). Same generator, fewer calls.
void IdRandomBytes(uint8_t* out, size_t size) {
  thread_local std::array<uint8_t, 4096> buffer;
  thread_local size_t used = buffer.size();
  if (used + size > buffer.size()) {
    SecureRandomBytes(buffer.data(), buffer.size());
    used = 0;
  }
  std::memcpy(out, buffer.data() + used, size);
  // Never hand the same bytes out twice.
  std::memset(buffer.data() + used, 0, size);
  used += size;
}

}  // namespace

std::string NewUuidV4() {
  std::array<uint8_t, 16> b;
  IdRandomBytes(b.data(), b.size());
  SetVersionAndVariant(b, 4);
  return Format(b);
}

std::string NewUuidV7() {
  // 48-bit milliseconds, then a 12-bit counter (rand_a) that keeps ids generated in the
  // same millisecond in order; when it overflows, the timestamp is advanced by one.
  static std::mutex mutex;
  static int64_t last_millis = 0;
  static uint16_t counter = 0;

  int64_t millis = NowUnixMillis();
  uint16_t sequence;
  {
    std::lock_guard lock(mutex);
    if (millis <= last_millis) {
      millis = last_millis;
      if (++counter > 0x0fff) {
        counter = 0;
        millis = ++last_millis;
      }
    } else {
      last_millis = millis;
      counter = 0;
    }
    sequence = counter;
  }

  std::array<uint8_t, 16> b;
  IdRandomBytes(b.data() + 8, 8);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(millis >> (40 - 8 * i));
  b[6] = static_cast<uint8_t>(sequence >> 8);
  b[7] = static_cast<uint8_t>(sequence & 0xff);
  SetVersionAndVariant(b, 7);
  return Format(b);
}

std::optional<std::string> NormalizeUuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (size_t i = 0; i < out.size(); ++i) {
    char& c = out[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return std::nullopt;
      continue;
    }
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return out;
}

}  // namespace inlet
