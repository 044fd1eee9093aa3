#include "http/body_decoder.h"

#include <zlib.h>

#include <algorithm>
#include <string_view>

namespace inlet::http {
namespace {

constexpr size_t kChunk = 256 * 1024;
// The decoded buffer's first size; it doubles from there, up to the limit.
constexpr uint64_t kFirstCapacity = 1 << 20;

Status Invalid(const std::string& what) {
  return Status::InvalidArgument(
      "invalid-content-encoding",
      "the body does not decode as declared by Content-Encoding: " + what);
}

// One zlib inflate stream, ended whichever way its scope is left.
class Inflater {
 public:
  Inflater() = default;
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (started_) inflateEnd(&stream_);
  }
  bool Start(int window_bits) {
    started_ = inflateInit2(&stream_, window_bits) == Z_OK;
    return started_;
  }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool started_ = false;
};

// window_bits: 16+15 gzip, 15 zlib, -15 raw deflate.
// Makes room for `more` bytes after what `output` holds, growing its capacity by doubling
// but never past `limit` + 1 (the byte that proves a body too large).
Status Reserve(std::string& output, size_t more, uint64_t limit, uint64_t input_bytes,
               const AllowDecodedGrowth& allow_growth) {
  const uint64_t needed = output.size() + more;
  if (needed <= output.capacity()) return Status::Ok();
  uint64_t capacity = std::max<uint64_t>(needed, 2 * output.capacity());
  if (output.capacity() == 0 && more < kFirstCapacity)
    capacity = std::max(capacity, kFirstCapacity);
  capacity = std::min<uint64_t>(capacity, limit + 1);
  if (allow_growth && !allow_growth(input_bytes + capacity)) {
    // Refused room to double, less may fit: half the extra room, a quarter…, then exactly
    // what is needed, so that a body near the ceiling still grows in few steps. Refused
    // all, the last size asked for is what the body needs: that tells a body too large for
    // the ceiling even alone from one that has to wait its turn (ingest_service.cc).
    const uint64_t refused = capacity;
    capacity = 0;
    for (uint64_t extra = refused > needed ? (refused - needed) / 2 : 0; extra >= kChunk;
         extra /= 2) {
      if (allow_growth(input_bytes + needed + extra)) {
        capacity = needed + extra;
        break;
      }
    }
    if (capacity == 0) {
      if (refused <= needed || !allow_growth(input_bytes + needed)) {
        return Status::Unavailable(
            "overloaded",
            "request data in memory would pass the server's ceiling while this body is "
            "decoded; retry after a moment");
      }
      capacity = needed;
    }
  }
  output.reserve(static_cast<size_t>(capacity));
  return Status::Ok();
}

Result<std::string> Inflate(std::string_view input, int window_bits, uint64_t limit,
                            size_t slice_bytes, const AllowDecodedGrowth& allow_growth) {
  slice_bytes = std::clamp<size_t>(slice_bytes, 1, kMaxInflateSliceBytes);
  std::string output;
  if (window_bits > 15 && input.size() >= 4) {
    // A gzip member ends with its decoded size (mod 2^32): one allocation of the right
    // size, or of the limit for a bomb, instead of a chain of doublings. Only a hint: a
    // body that lies about it falls back to doubling.
    const auto* tail = reinterpret_cast<const unsigned char*>(input.data() + input.size() - 4);
    const uint64_t stated = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (uint64_t{tail[3]} << 24);
    INLET_RETURN_IF_ERROR(Reserve(output, static_cast<size_t>(std::min(stated, limit) + 1), limit,
                                  input.size(), allow_growth));
  }
  size_t consumed = 0;
  // Gzip allows several members back to back; each needs a fresh stream.
  do {
    Inflater inflater;
    if (!inflater.Start(window_bits)) return Invalid("zlib could not start");
    z_stream& stream = inflater.stream();
    size_t fed = consumed;  // input handed to zlib so far, from the start of the body
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
      if (stream.avail_in == 0 && fed < input.size()) {
        const size_t slice = std::min(slice_bytes, input.size() - fed);
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data() + fed));
        stream.avail_in = static_cast<uInt>(slice);
        fed += slice;
      }
      // Room for one byte past the limit: a stream that ends exactly at the limit still
      // gets its last input (the trailer) read, whatever slice it arrives in, and a byte
      // written there means the body is too large.
      const uint64_t left = limit - output.size();
      size_t room = left >= kChunk ? kChunk : static_cast<size_t>(left) + 1;
      // Fill what the buffer has before growing it.
      if (output.capacity() > output.size())
        room = std::min(room, output.capacity() - output.size());
      const size_t before = output.size();
      INLET_RETURN_IF_ERROR(Reserve(output, room, limit, input.size(), allow_growth));
      output.resize(before + room);
      stream.next_out = reinterpret_cast<Bytef*>(output.data() + before);
      stream.avail_out = static_cast<uInt>(room);
      rc = inflate(&stream, Z_NO_FLUSH);
      output.resize(before + room - stream.avail_out);
      if (output.size() > limit) {
        return Status(
            StatusCode::kPayloadTooLarge, "body-too-large",
            "the decoded body is larger than the maximum of " + std::to_string(limit) + " bytes");
      }
      if (rc == Z_STREAM_END) break;
      if (rc != Z_OK && rc != Z_BUF_ERROR) return Invalid(stream.msg ? stream.msg : "corrupt data");
      if (rc == Z_BUF_ERROR && stream.avail_in == 0 && fed == input.size()) {
        return Invalid("the compressed data ends early");
      }
    }
    consumed = fed - stream.avail_in;
  } while (window_bits > 15 && consumed < input.size());
  return output;
}

}  // namespace

Result<std::string> DecodeBody(std::string body, ContentEncoding encoding,
                               uint64_t max_decoded_bytes, size_t slice_bytes,
                               const AllowDecodedGrowth& allow_growth) {
  switch (encoding) {
    case ContentEncoding::kIdentity:
      return body;
    case ContentEncoding::kGzip:
      return Inflate(body, 16 + MAX_WBITS, max_decoded_bytes, slice_bytes, allow_growth);
    case ContentEncoding::kDeflate: {
      // RFC 9110 means zlib-wrapped, but some clients send raw deflate; the first byte
      // tells them apart (a zlib header has CM=8 and a valid check).
      bool zlib_wrapped =
          body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0f) == 8 &&
          ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 ==
              0;
      return Inflate(body, zlib_wrapped ? MAX_WBITS : -MAX_WBITS, max_decoded_bytes, slice_bytes,
                     allow_growth);
    }
  }
  return body;
}

}  // namespace inlet::http
