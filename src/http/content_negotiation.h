// How to read an ingestion body, from its Content-Type and Content-Encoding (SPEC §2).
// Pure; private to http/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "inlet/common/status.h"
#include "inlet/ingest/ingest.h"

namespace inlet::http {

enum class ContentEncoding { kIdentity, kGzip, kDeflate };

struct BodyReading {
  ingest::BodyFormat format = ingest::BodyFormat::kJson;
  ContentEncoding encoding = ContentEncoding::kIdentity;
  // Set when the type was missing, text/plain or application/octet-stream and the body
  // is read as JSON anyway: the media type as sent ("" when missing).
  std::optional<std::string> assumed_from;
};

// kUnsupportedMedia with message id "unsupported-media-type" (another type or charset)
// or "unsupported-content-encoding" (br, zstd, anything unknown), naming what was sent
// and what is accepted.
Result<BodyReading> NegotiateBody(std::string_view content_type, std::string_view content_encoding);

}  // namespace inlet::http
