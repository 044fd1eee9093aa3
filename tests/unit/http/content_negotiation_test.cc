// Content-Type and Content-Encoding of ingestion bodies (SPEC §2), and decoding them.
#include "http/content_negotiation.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "http/body_decoder.h"
#include "unit/http/compress_util.h"

namespace inlet::http {
namespace {

using testing::Compress;

TEST(NegotiateBodyTest, JsonTypesWithOrWithoutUtf8Charset) {
  for (const char* type :
       {"application/json", "text/json", "application/vnd.api+json",
        "Application/JSON; charset=UTF-8", "application/json;charset=\"utf8\""}) {
    auto reading = NegotiateBody(type, "");
    ASSERT_TRUE(reading.ok()) << type;
    EXPECT_EQ(reading->format, ingest::BodyFormat::kJson);
    EXPECT_FALSE(reading->assumed_from);
  }
}

TEST(NegotiateBodyTest, NdjsonTypes) {
  for (const char* type : {"application/x-ndjson", "application/jsonl"}) {
    auto reading = NegotiateBody(type, "");
    ASSERT_TRUE(reading.ok());
    EXPECT_EQ(reading->format, ingest::BodyFormat::kNdjson);
  }
}

TEST(NegotiateBodyTest, MissingPlainAndOctetStreamAreAssumedJson) {
  for (const char* type : {"", "text/plain", "application/octet-stream"}) {
    auto reading = NegotiateBody(type, "");
    ASSERT_TRUE(reading.ok());
    EXPECT_EQ(reading->format, ingest::BodyFormat::kJson);
    ASSERT_TRUE(reading->assumed_from);
  }
}

TEST(NegotiateBodyTest, OtherTypesAndCharsetsAre415) {
  for (const char* type :
       {"application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/json; charset=latin1"}) {
    auto reading = NegotiateBody(type, "");
    ASSERT_FALSE(reading.ok()) << type;
    EXPECT_EQ(reading.status().code(), StatusCode::kUnsupportedMedia);
    EXPECT_EQ(reading.status().message_id(), "unsupported-media-type");
  }
}

TEST(NegotiateBodyTest, Encodings) {
  EXPECT_EQ(NegotiateBody("application/json", "gzip")->encoding, ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateBody("application/json", "x-gzip")->encoding, ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateBody("application/json", "Deflate")->encoding, ContentEncoding::kDeflate);
  EXPECT_EQ(NegotiateBody("application/json", "identity")->encoding, ContentEncoding::kIdentity);
  for (const char* encoding : {"br", "zstd", "compress", "gzip, br"}) {
    auto reading = NegotiateBody("application/json", encoding);
    ASSERT_FALSE(reading.ok()) << encoding;
    EXPECT_EQ(reading.status().message_id(), "unsupported-content-encoding");
  }
}

TEST(DecodeBodyTest, GzipZlibAndRawDeflateDecode) {
  const std::string body = R"([{"a":1}])";
  EXPECT_EQ(*DecodeBody(Compress(body, 16 + MAX_WBITS), ContentEncoding::kGzip, 1 << 20), body);
  EXPECT_EQ(*DecodeBody(Compress(body, MAX_WBITS), ContentEncoding::kDeflate, 1 << 20), body);
  EXPECT_EQ(*DecodeBody(Compress(body, -MAX_WBITS), ContentEncoding::kDeflate, 1 << 20), body);
  // Concatenated gzip members are one body.
  std::string two = Compress("[1,", 16 + MAX_WBITS) + Compress("2]", 16 + MAX_WBITS);
  EXPECT_EQ(*DecodeBody(two, ContentEncoding::kGzip, 1 << 20), "[1,2]");
}

TEST(DecodeBodyTest, BombStopsAtTheLimit) {
  std::string bomb = Compress(std::string(50 << 20, ' '), 16 + MAX_WBITS);
  ASSERT_LT(bomb.size(), 100u * 1024);
  auto decoded = DecodeBody(bomb, ContentEncoding::kGzip, 1 << 20);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kPayloadTooLarge);
  EXPECT_EQ(decoded.status().message_id(), "body-too-large");
}

TEST(DecodeBodyTest, GarbageAndTruncatedStreamsAreInvalid) {
  std::string gzip = Compress(std::string(1000, 'x'), 16 + MAX_WBITS);
  for (const std::string& input :
       {std::string("not gzip"), gzip.substr(0, gzip.size() / 2), std::string()}) {
    auto decoded = DecodeBody(input, ContentEncoding::kGzip, 1 << 20);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().message_id(), "invalid-content-encoding");
  }
}

}  // namespace
}  // namespace inlet::http
