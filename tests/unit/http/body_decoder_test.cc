// Decoding gzip and deflate bodies fed to zlib in slices (body_decoder.h): zlib counts its
// input in 32 bits, so a body is handed over a slice at a time. Small slices put slice
// boundaries everywhere a 4 GiB one would fall.
#include "http/body_decoder.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>

#include "unit/http/compress_util.h"

namespace inlet::http {
namespace {

constexpr int kGzip = testing::kGzipBits, kZlib = testing::kZlibBits, kRaw = testing::kRawBits;
using testing::Compress;

// NDJSON with enough variety that it does not compress to almost nothing.
std::string Records(int count) {
  std::mt19937 random(7);
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += R"({"id":)" + std::to_string(i) + R"(,"score":)" + std::to_string(random()) + "}\n";
  }
  return out;
}

ContentEncoding EncodingOf(int window_bits) {
  return window_bits == kGzip ? ContentEncoding::kGzip : ContentEncoding::kDeflate;
}

void ExpectInvalid(const Result<std::string>& decoded, const std::string& what) {
  ASSERT_FALSE(decoded.ok()) << what << " decoded";
  EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument) << what;
  EXPECT_EQ(decoded.status().message_id(), "invalid-content-encoding") << what;
}

TEST(BodyDecoderSliceTest, ABodyOfManySlicesDecodesWhole) {
  const std::string body = Records(20000);
  for (int bits : {kGzip, kZlib, kRaw}) {
    const std::string compressed = Compress(body, bits);
    ASSERT_GT(compressed.size(), 100000u);
    for (size_t slice : {size_t{1}, size_t{7}, size_t{4096}, compressed.size() - 1}) {
      auto decoded = DecodeBody(compressed, EncodingOf(bits), 1 << 26, slice);
      ASSERT_TRUE(decoded.ok()) << "bits " << bits << " slice " << slice << ": "
                                << decoded.status().message();
      EXPECT_EQ(*decoded, body) << "bits " << bits << " slice " << slice;
    }
  }
}

TEST(BodyDecoderSliceTest, ConcatenatedGzipMembersAcrossSlices) {
  const std::string first = Records(300), second = Records(50);
  const std::string both = Compress(first, kGzip) + Compress(second, kGzip);
  for (size_t slice : {size_t{1}, size_t{3}, size_t{64}, kMaxInflateSliceBytes}) {
    auto decoded = DecodeBody(both, ContentEncoding::kGzip, 1 << 20, slice);
    ASSERT_TRUE(decoded.ok()) << slice << ": " << decoded.status().message();
    EXPECT_EQ(*decoded, first + second) << slice;
  }
}

TEST(BodyDecoderSliceTest, EveryTruncationIsInvalidWhateverTheSlice) {
  const std::string body = Records(40);
  for (int bits : {kGzip, kZlib}) {
    const std::string compressed = Compress(body, bits);
    for (size_t cut = 0; cut < compressed.size(); ++cut) {
      for (size_t slice : {size_t{1}, size_t{5}, kMaxInflateSliceBytes}) {
        ExpectInvalid(DecodeBody(compressed.substr(0, cut), EncodingOf(bits), 1 << 20, slice),
                      "bits " + std::to_string(bits) + " cut at " + std::to_string(cut));
      }
    }
  }
}

TEST(BodyDecoderSliceTest, GarbageAfterOrInsteadOfAStreamIsInvalid) {
  const std::string gzip = Compress(Records(10), kGzip);
  for (size_t slice : {size_t{1}, size_t{9}, kMaxInflateSliceBytes}) {
    ExpectInvalid(DecodeBody(gzip + "trailing", ContentEncoding::kGzip, 1 << 20, slice),
                  "trailing bytes");
    ExpectInvalid(DecodeBody(gzip + gzip.substr(0, 12), ContentEncoding::kGzip, 1 << 20, slice),
                  "a second member cut short");
    ExpectInvalid(DecodeBody(std::string(300, '\x1f'), ContentEncoding::kGzip, 1 << 20, slice),
                  "garbage");
    ExpectInvalid(DecodeBody(std::string("\x78\x9c\xff\xff\xff", 5), ContentEncoding::kDeflate,
                             1 << 20, slice),
                  "a zlib header and garbage");
  }
}

TEST(BodyDecoderSliceTest, TheLimitHoldsAcrossSlices) {
  const std::string body = Records(5000);
  const std::string compressed = Compress(body, kGzip);
  for (size_t slice : {size_t{1}, size_t{11}, kMaxInflateSliceBytes}) {
    auto decoded = DecodeBody(compressed, ContentEncoding::kGzip, body.size() - 1, slice);
    ASSERT_FALSE(decoded.ok()) << slice;
    EXPECT_EQ(decoded.status().code(), StatusCode::kPayloadTooLarge);
    EXPECT_EQ(decoded.status().message_id(), "body-too-large");
    auto exact = DecodeBody(compressed, ContentEncoding::kGzip, body.size(), slice);
    ASSERT_TRUE(exact.ok()) << slice << ": " << exact.status().message();
    EXPECT_EQ(*exact, body);
  }
}

}  // namespace
}  // namespace inlet::http

namespace inlet::http {
namespace {

TEST(BodyDecoderMemoryTest, TheDecodedBufferIsAskedForBeforeItGrowsAndCanBeRefused) {
  const std::string plain = Records(20000);  // about 600 KB
  const std::string gzip = Compress(plain, kGzip);
  std::vector<uint64_t> asked;
  auto decoded =
      DecodeBody(gzip, ContentEncoding::kGzip, 64 << 20, kMaxInflateSliceBytes, [&](uint64_t held) {
        asked.push_back(held);
        return true;
      });
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, plain);
  ASSERT_FALSE(asked.empty());
  // The gzip trailer's size made it one buffer of the right size, next to the input.
  EXPECT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked.front(), gzip.size() + plain.size() + 1);

  auto refused = DecodeBody(gzip, ContentEncoding::kGzip, 64 << 20, kMaxInflateSliceBytes,
                            [](uint64_t) { return false; });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(refused.status().message_id(), "overloaded");
}

TEST(BodyDecoderMemoryTest, RefusedRoomToDoubleItAsksForExactlyWhatItNeeds) {
  const std::string plain = Records(20000);
  const std::string deflated = Compress(plain, kZlib);  // no size hint: the buffer doubles
  // Beyond its size, decoding needs room for one more slice of output.
  const uint64_t room = deflated.size() + plain.size() + (256 << 10);
  uint64_t last = 0;
  auto decoded = DecodeBody(deflated, ContentEncoding::kDeflate, 64 << 20, kMaxInflateSliceBytes,
                            [&](uint64_t held) {
                              last = held;
                              return held <= room;
                            });
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, plain);

  // One byte less room than the body needs: refused, and the last size asked for says so.
  const uint64_t too_little = deflated.size() + plain.size() - 1;
  auto refused = DecodeBody(deflated, ContentEncoding::kDeflate, 64 << 20, kMaxInflateSliceBytes,
                            [&](uint64_t held) {
                              last = held;
                              return held <= too_little;
                            });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message_id(), "overloaded");
  EXPECT_GT(last, too_little);
}

TEST(BodyDecoderMemoryTest, ABodyThatUnderstatesItsSizeStillDecodesAndAGrowingOneStopsAtTheLimit) {
  const std::string plain = Records(20000);
  std::string lying = Compress(plain, kGzip);
  lying.replace(lying.size() - 4, 4, std::string("\x10\x00\x00\x00", 4));  // "16 bytes"
  uint64_t largest = 0;
  auto allow = [&](uint64_t held) {
    largest = std::max(largest, held);
    return true;
  };
  // zlib checks ISIZE at the end of the member: a lying trailer is a corrupt body.
  ExpectInvalid(DecodeBody(lying, ContentEncoding::kGzip, 64 << 20, kMaxInflateSliceBytes, allow),
                "a member whose trailer understates its size");

  // Deflate has no size hint: the buffer doubles, and never past the limit.
  const std::string deflate = Compress(plain, kZlib);
  largest = 0;
  auto too_large =
      DecodeBody(deflate, ContentEncoding::kDeflate, 100000, kMaxInflateSliceBytes, allow);
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.status().message_id(), "body-too-large");
  EXPECT_LE(largest, deflate.size() + 100001);
}

}  // namespace
}  // namespace inlet::http
