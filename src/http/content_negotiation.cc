#include "http/content_negotiation.h"

#include "inlet/common/ascii.h"

namespace inlet::http {
namespace {

Status Unsupported(const std::string& message) {
  return Status(StatusCode::kUnsupportedMedia, "unsupported-media-type", message);
}

// Only UTF-8 is read; a charset parameter naming anything else is refused rather than
// misread.
Status CheckParameters(std::string_view parameters, const std::string& media_type) {
  while (!parameters.empty()) {
    size_t semicolon = parameters.find(';');
    std::string_view parameter = TrimSpacesAndTabs(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? "" : parameters.substr(semicolon + 1);
    size_t eq = parameter.find('=');
    if (eq == std::string_view::npos) continue;
    if (AsciiLower(TrimSpacesAndTabs(parameter.substr(0, eq))) != "charset") continue;
    std::string_view value = TrimSpacesAndTabs(parameter.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    std::string charset = AsciiLower(value);
    if (charset != "utf-8" && charset != "utf8") {
      return Unsupported("charset \"" + std::string(value) + "\" of " + media_type +
                         " is not supported; send UTF-8");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<BodyReading> NegotiateBody(std::string_view content_type,
                                  std::string_view content_encoding) {
  BodyReading reading;
  size_t semicolon = content_type.find(';');
  std::string media_type = AsciiLower(TrimSpacesAndTabs(content_type.substr(0, semicolon)));
  std::string_view parameters =
      semicolon == std::string_view::npos ? "" : content_type.substr(semicolon + 1);

  if (media_type == "application/json" || media_type == "text/json" ||
      (media_type.starts_with("application/") && media_type.ends_with("+json"))) {
    reading.format = ingest::BodyFormat::kJson;
  } else if (media_type == "application/x-ndjson" || media_type == "application/jsonl" ||
             media_type == "application/x-jsonlines" || media_type == "application/jsonlines") {
    reading.format = ingest::BodyFormat::kNdjson;
  } else if (media_type.empty() || media_type == "text/plain" ||
             media_type == "application/octet-stream") {
    reading.format = ingest::BodyFormat::kJson;
    reading.assumed_from = media_type;
  } else {
    return Unsupported("Content-Type \"" + std::string(content_type) +
                       "\" is not supported; send application/json (an array, an object or "
                       "{\"records\": [...]}) or application/x-ndjson");
  }
  INLET_RETURN_IF_ERROR(CheckParameters(parameters, media_type));

  std::string encoding = AsciiLower(TrimSpacesAndTabs(content_encoding));
  if (encoding.empty() || encoding == "identity") {
    reading.encoding = ContentEncoding::kIdentity;
  } else if (encoding == "gzip" || encoding == "x-gzip") {
    reading.encoding = ContentEncoding::kGzip;
  } else if (encoding == "deflate") {
    reading.encoding = ContentEncoding::kDeflate;
  } else {
    return Status(StatusCode::kUnsupportedMedia, "unsupported-content-encoding",
                  "Content-Encoding \"" + std::string(content_encoding) +
                      "\" is not supported; send the body as is, gzip or deflate");
  }
  return reading;
}

}  // namespace inlet::http
