// Decompresses gzip and deflate request bodies with a hard ceiling on the output, so
// a small compressed bomb costs at most the ceiling, never all memory. Private to http/.
#pragma once

#include <cstdint>
#include <string>

#include "http/content_negotiation.h"
#include "inlet/common/status.h"

namespace inlet::http {

// Identity returns `body` unchanged (moved). Gzip accepts concatenated members; deflate
// accepts zlib-wrapped and raw streams. Errors: kPayloadTooLarge "body-too-large" when
// the output would pass `max_decoded_bytes` (the message gives the limit), and
// kInvalidArgument "invalid-content-encoding" when the bytes do not decode or end early.
Result<std::string> DecodeBody(std::string body, ContentEncoding encoding,
                               uint64_t max_decoded_bytes);

}  // namespace inlet::http
