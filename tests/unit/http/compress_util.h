// Compressing test bodies with zlib, for the tests of body decoding.
#pragma once

#include <zlib.h>

#include <string>

namespace inlet::http::testing {

// zlib's window-bits values for the three formats a body may arrive in.
inline constexpr int kGzipBits = 16 + MAX_WBITS, kZlibBits = MAX_WBITS, kRawBits = -MAX_WBITS;

// `input` compressed whole in the format `window_bits` names.
inline std::string Compress(const std::string& input, int window_bits) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, input.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace inlet::http::testing
