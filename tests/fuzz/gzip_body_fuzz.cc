// Any bytes as a gzip or deflate request body through DecodeBody with a small decoded
// limit: it never crashes, never returns more than the limit, and fails only with the two
// statuses its contract names. The input goes to zlib in slices, whose size the fuzzer
// picks too, so slice boundaries fall everywhere; the outcome must not depend on them.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/body_decoder.h"

namespace {

void Require(bool holds) {
  if (!holds) std::abort();
}

constexpr uint64_t kDecodedLimit = 64 * 1024;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // First byte: the encoding (even gzip, odd deflate); second: the slice size, 1 to 256
  // bytes, or the largest zlib takes.
  const auto encoding = data[0] % 2 == 0 ? inlet::http::ContentEncoding::kGzip
                                         : inlet::http::ContentEncoding::kDeflate;
  const size_t slice = data[1] == 0xff ? inlet::http::kMaxInflateSliceBytes : size_t{data[1]} + 1;
  const std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
  auto decoded = inlet::http::DecodeBody(body, encoding, kDecodedLimit, slice);
  // How the input is sliced never changes the outcome.
  auto whole = inlet::http::DecodeBody(body, encoding, kDecodedLimit);
  Require(decoded.ok() == whole.ok());
  if (decoded.ok()) {
    Require(*decoded == *whole);
  } else {
    Require(decoded.status().message_id() == whole.status().message_id());
  }
  if (decoded.ok()) {
    Require(decoded->size() <= kDecodedLimit);
  } else {
    const auto& status = decoded.status();
    Require((status.code() == inlet::StatusCode::kInvalidArgument &&
             status.message_id() == "invalid-content-encoding") ||
            (status.code() == inlet::StatusCode::kPayloadTooLarge &&
             status.message_id() == "body-too-large"));
  }
  return 0;
}
