#include "ingest/record_writer.h"

#include <gtest/gtest.h>

#include "ingest/json_text.h"
#include "inlet/common/json_text.h"
#include "test_util.h"

namespace inlet::ingest {
namespace {

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

TEST(RecordWriterTest, EscapesMinimally) {
  EXPECT_EQ(Escaped("plain"), "\"plain\"");
  EXPECT_EQ(Escaped("q\"b\\"), "\"q\\\"b\\\\\"");
  EXPECT_EQ(Escaped("\n\r\t"), "\"\\n\\r\\t\"");
  EXPECT_EQ(Escaped(std::string("\x01\x1F\b\f", 4)), "\"\\u0001\\u001f\\b\\f\"");
  EXPECT_EQ(Escaped("/ \x7F \xC3\xA9 \xE2\x80\xA8"), "\"/ \x7F \xC3\xA9 \xE2\x80\xA8\"");
}

TEST(RecordWriterTest, WritesCompactCanonicalJson) {
  using test::One;
  EXPECT_EQ(One("[ { \"a\" : 1 ,\n \"b\" : [ true , false , null ] , \"c\" : \"x\" } ]"),
            R"({"a":1,"b":[true,false,null],"c":"x"})");
  EXPECT_EQ(One(R"([{"a":"\u0041"}])"), R"({"a":"A"})");
}

TEST(JsonTextTest, ShowsNamesAsSent) {
  EXPECT_EQ(DisplayText(R"(a\u00e9\n\/)"), "a\xC3\xA9\n/");
  EXPECT_EQ(DisplayText(R"(\uD834\uDD1E)"), "\xF0\x9D\x84\x9E");
  EXPECT_EQ(DisplayText(R"(\uD800x)"), "\xEF\xBF\xBDx");
  EXPECT_EQ(DisplayText("caf\xE9"), "caf\xEF\xBF\xBD");
}

TEST(JsonTextTest, ShowsOriginalBytes) {
  EXPECT_EQ(OriginalText(R"(a\u0001)"), R"(a\u0001)");
  EXPECT_EQ(OriginalText("x\xC3\xA9\xFF\xE6\x97"), "x\xC3\xA9\\xFF\\xE6\\x97");
}

TEST(JsonTextTest, EscapesPointerTokens) {
  std::string out;
  AppendPointerToken(out, "a/b~c");
  EXPECT_EQ(out, "a~1b~0c");
}

}  // namespace
}  // namespace inlet::ingest
