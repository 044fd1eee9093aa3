// gzip compression of a whole buffer in memory, as clients send request bodies (ADF's REST
// sink, `inlet post`, the benchmark). Decoding request bodies, with its limits, is the
// http module's (body_decoder.h).
#pragma once

#include <string>
#include <string_view>

namespace inlet {

// zlib's levels: 1 is fastest, 9 smallest; -1 zlib's default (6).
inline constexpr int kGzipDefaultLevel = -1;
inline constexpr int kGzipFastestLevel = 1;

// A single gzip member holding `data` (under 4 GiB, as zlib counts: std::invalid_argument
// otherwise). Throws std::runtime_error when zlib cannot allocate its state.
std::string Gzip(std::string_view data, int level = kGzipDefaultLevel);

}  // namespace inlet
