#include "http/body_decoder.h"

#include <zlib.h>

namespace inlet::http {
namespace {

constexpr size_t kChunk = 256 * 1024;

Status Invalid(const std::string& what) {
  return Status::InvalidArgument(
      "invalid-content-encoding",
      "the body does not decode as declared by Content-Encoding: " + what);
}

// window_bits: 16+15 gzip, 15 zlib, -15 raw deflate.
Result<std::string> Inflate(const std::string& input, int window_bits, uint64_t limit) {
  std::string output;
  size_t consumed = 0;
  // Gzip allows several members back to back; each needs a fresh stream.
  do {
    z_stream stream{};
    if (inflateInit2(&stream, window_bits) != Z_OK) return Invalid("zlib could not start");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data() + consumed));
    stream.avail_in = static_cast<uInt>(input.size() - consumed);
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      if (output.size() >= limit) {
        inflateEnd(&stream);
        return Status(
            StatusCode::kPayloadTooLarge, "body-too-large",
            "the decoded body is larger than the maximum of " + std::to_string(limit) + " bytes");
      }
      size_t room = std::min<uint64_t>(kChunk, limit - output.size());
      size_t before = output.size();
      output.resize(before + room);
      stream.next_out = reinterpret_cast<Bytef*>(output.data() + before);
      stream.avail_out = static_cast<uInt>(room);
      rc = inflate(&stream, Z_NO_FLUSH);
      output.resize(before + room - stream.avail_out);
      if (rc == Z_STREAM_END) break;
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        std::string message = stream.msg ? stream.msg : "corrupt data";
        inflateEnd(&stream);
        return Invalid(message);
      }
      if (rc == Z_BUF_ERROR && stream.avail_in == 0) {
        inflateEnd(&stream);
        return Invalid("the compressed data ends early");
      }
    }
    consumed = input.size() - stream.avail_in;
    inflateEnd(&stream);
  } while (window_bits > 15 && consumed < input.size());
  return output;
}

}  // namespace

Result<std::string> DecodeBody(std::string body, ContentEncoding encoding,
                               uint64_t max_decoded_bytes) {
  switch (encoding) {
    case ContentEncoding::kIdentity:
      return body;
    case ContentEncoding::kGzip:
      return Inflate(body, 16 + MAX_WBITS, max_decoded_bytes);
    case ContentEncoding::kDeflate: {
      // RFC 9110 means zlib-wrapped, but some clients send raw deflate; the first byte
      // tells them apart (a zlib header has CM=8 and a valid check).
      bool zlib_wrapped =
          body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0f) == 8 &&
          ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 ==
              0;
      return Inflate(body, zlib_wrapped ? MAX_WBITS : -MAX_WBITS, max_decoded_bytes);
    }
  }
  return body;
}

}  // namespace inlet::http
