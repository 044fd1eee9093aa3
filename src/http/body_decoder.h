// Decompresses gzip and deflate request bodies with a hard ceiling on the output, so
// a small compressed bomb costs at most the ceiling, never all memory. Private to http/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "http/content_negotiation.h"
#include "inlet/common/status.h"

namespace inlet::http {

// zlib counts its input in 32-bit `uInt`s: a body is handed to it in slices of at most
// this many bytes, so one over 4 GiB is read whole rather than cut or wrapped.
inline constexpr size_t kMaxInflateSliceBytes = 0xffffffffu;

// Asked before the decoded body's buffer grows, with the bytes the request will then
// hold (the compressed body and the decoded buffer); false stops decoding.
using AllowDecodedGrowth = std::function<bool(uint64_t held_bytes)>;

// Identity returns `body` unchanged (moved). Gzip accepts concatenated members; deflate
// accepts zlib-wrapped and raw streams. The decoded buffer grows by doubling up to the
// limit and never past it, so a bomb holds at most `max_decoded_bytes`. Errors:
// kPayloadTooLarge "body-too-large" when the output would pass `max_decoded_bytes` (the
// message gives the limit), kInvalidArgument "invalid-content-encoding" when the bytes do
// not decode or end early, and kUnavailable "overloaded" when `allow_growth` refused.
// `slice_bytes` (at most kMaxInflateSliceBytes, at least 1) is how much input zlib is
// given at a time; tests make it small to cross slice boundaries everywhere.
Result<std::string> DecodeBody(std::string body, ContentEncoding encoding,
                               uint64_t max_decoded_bytes,
                               size_t slice_bytes = kMaxInflateSliceBytes,
                               const AllowDecodedGrowth& allow_growth = nullptr);

}  // namespace inlet::http
