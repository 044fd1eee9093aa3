#include "ingest/json_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

namespace inlet::ingest {
namespace {

struct Parsed {
  std::unique_ptr<std::string> text;  // the tree points into it
  bool ok = false;
  ReadError error;
  RecordTree tree;
  size_t end = 0;
};

// Parses `text` as one value (white space around it allowed only before).
Parsed Parse(const std::string& text, int max_depth = 64) {
  Parsed parsed;
  parsed.text = std::make_unique<std::string>(text);
  parsed.tree.SetBody(*parsed.text);
  JsonReader reader(*parsed.text, max_depth);
  size_t pos = 0;
  parsed.ok = reader.ReadValue(&pos, text.size(), 0, parsed.tree);
  parsed.error = reader.error();
  parsed.end = pos;
  return parsed;
}

// The decoded text and flags of the one string in `["..."]`-free input `"..."`.
struct Str {
  std::string text;
  uint8_t flags = 0;
};
Str ParseString(const std::string& json) {
  Parsed parsed = Parse(json);
  EXPECT_TRUE(parsed.ok) << json << " failed at " << parsed.error.offset;
  if (!parsed.ok) return {};
  const Node& node = parsed.tree.node(0);
  return {std::string(parsed.tree.Text(node.value)), node.value_flags};
}

// Offset of the first bad byte, or -1 when `text` parses.
long BadOffset(const std::string& text) {
  Parsed parsed = Parse(text);
  return parsed.ok ? -1 : static_cast<long>(parsed.error.offset);
}

TEST(JsonReaderTest, BuildsATreeInDocumentOrder) {
  Parsed parsed = Parse(R"({"a":[1,true,null],"b":{"c":"x"}})");
  ASSERT_TRUE(parsed.ok);
  const RecordTree& tree = parsed.tree;
  ASSERT_EQ(tree.nodes().size(), 7u);
  EXPECT_EQ(tree.node(0).kind, ValueKind::kObject);
  EXPECT_EQ(tree.node(0).child_count, 2u);
  EXPECT_EQ(tree.Text(tree.node(1).key), "a");
  EXPECT_EQ(tree.node(1).kind, ValueKind::kArray);
  EXPECT_EQ(tree.node(2).kind, ValueKind::kNumber);
  EXPECT_EQ(tree.node(3).kind, ValueKind::kTrue);
  EXPECT_EQ(tree.node(4).kind, ValueKind::kNull);
  EXPECT_EQ(tree.node(4).index, 2u);
  EXPECT_EQ(tree.node(1).next_sibling, 5u);
  EXPECT_EQ(tree.Text(tree.node(5).key), "b");
  EXPECT_EQ(tree.node(6).parent, 5u);
  EXPECT_EQ(tree.Text(tree.node(6).value), "x");
  EXPECT_EQ(parsed.end, parsed.tree.body().size());
}

TEST(JsonReaderTest, KeepsNumbersAsTheirSourceText) {
  for (std::string number : {"0", "-0", "1.50", "12345678901234567890123", "1E400", "-1.0e+28",
                             "0.000000000000000000000000000001", "1e-2", "123.456e78"}) {
    Parsed parsed = Parse(number);
    ASSERT_TRUE(parsed.ok) << number;
    EXPECT_EQ(parsed.tree.Text(parsed.tree.node(0).value), number);
  }
}

TEST(JsonReaderTest, RejectsNumbersOutsideTheGrammarAtTheFirstBadByte) {
  EXPECT_EQ(BadOffset("[-]"), 2);
  EXPECT_EQ(BadOffset("[1.]"), 3);
  EXPECT_EQ(BadOffset("[1.e5]"), 3);
  EXPECT_EQ(BadOffset("[1e]"), 3);
  EXPECT_EQ(BadOffset("[1e+]"), 4);
  EXPECT_EQ(BadOffset("[01]"), 2);
  EXPECT_EQ(BadOffset("[-01]"), 3);
  EXPECT_EQ(BadOffset("[.5]"), 1);
  EXPECT_EQ(BadOffset("[+1]"), 1);
  EXPECT_EQ(BadOffset("[0x1]"), 2);
  EXPECT_EQ(BadOffset("[NaN]"), 1);
  EXPECT_EQ(BadOffset("[-Infinity]"), 2);
}

TEST(JsonReaderTest, ReportsTheFirstBadByteOfStructure) {
  EXPECT_EQ(BadOffset("[1,]"), 3);
  EXPECT_EQ(BadOffset("[1 2]"), 3);
  EXPECT_EQ(BadOffset("{\"a\" 1}"), 5);
  EXPECT_EQ(BadOffset("{\"a\":1,}"), 7);
  EXPECT_EQ(BadOffset("{'a':1}"), 1);
  EXPECT_EQ(BadOffset("[tru]"), 4);
  EXPECT_EQ(BadOffset("[True]"), 1);
  EXPECT_EQ(BadOffset("[nul"), 4);
  EXPECT_EQ(BadOffset("[1"), 2);
  EXPECT_EQ(BadOffset("{"), 1);
  EXPECT_EQ(BadOffset(""), 0);
  EXPECT_EQ(BadOffset("[\"abc"), 5);
  EXPECT_EQ(BadOffset("[\xFF]"), 1);
  EXPECT_EQ(BadOffset("[1]"), -1);
}

TEST(JsonReaderTest, RejectsBadStringsAtTheFirstBadByte) {
  EXPECT_EQ(BadOffset("[\"a\x01\"]"), 3);  // raw control character
  EXPECT_EQ(BadOffset("[\"a\nb\"]"), 3);
  EXPECT_EQ(BadOffset("[\"\\x\"]"), 3);  // bad escape
  EXPECT_EQ(BadOffset("[\"\\u12G4\"]"), 6);
  EXPECT_EQ(BadOffset("[\"\\u12"), 6);
  EXPECT_EQ(BadOffset("[\"\\uD800\\u\"]"), 10);
  EXPECT_EQ(BadOffset("[\"\\"), 3);
}

TEST(JsonReaderTest, LeavesPlainStringsInTheBody) {
  Parsed parsed = Parse("\"caf\xC3\xA9 ok\"");
  ASSERT_TRUE(parsed.ok);
  EXPECT_FALSE(parsed.tree.node(0).value.in_scratch);
  EXPECT_EQ(parsed.tree.node(0).value_flags, 0);
  EXPECT_EQ(parsed.tree.Text(parsed.tree.node(0).value), "caf\xC3\xA9 ok");
}

TEST(JsonReaderTest, ResolvesEscapes) {
  EXPECT_EQ(ParseString(R"("\"\\\/\n\r\t")").text, "\"\\/\n\r\t");
  EXPECT_EQ(ParseString(R"("\u00e9\u20AC")").text, "\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(ParseString(R"("\uD834\uDD1E")").text, "\xF0\x9D\x84\x9E");
  EXPECT_EQ(ParseString(R"("\ud83d\ude39")").text, "\xF0\x9F\x98\xB9");
  EXPECT_EQ(ParseString(R"("\u0061")").flags, kStringDecoded);
}

TEST(JsonReaderTest, RemovesCharactersOutsideTheXmlSet) {
  const uint8_t removed = kStringRemovedChars | kStringDecoded;
  Str s = ParseString(R"("a\u0000b\u001Fc\bd\fe")");
  EXPECT_EQ(s.text, "abcde");
  EXPECT_EQ(s.flags, removed);
  EXPECT_EQ(ParseString(R"("a\uD800b")").text, "ab");  // lone high surrogate
  EXPECT_EQ(ParseString(R"("a\uDC00b")").text, "ab");  // lone low surrogate
  EXPECT_EQ(ParseString(R"("\uD800\uD834\uDD1E")").text, "\xF0\x9D\x84\x9E");
  EXPECT_EQ(ParseString(R"("\uD800\n")").text, "\n");
  EXPECT_EQ(ParseString(R"("\uDd1e\uD834")").text, "");
  EXPECT_EQ(ParseString(R"("x\uFFFEy\uFFFF")").text, "xy");
  s = ParseString("\"x\xEF\xBF\xBFy\"");  // U+FFFF sent as UTF-8
  EXPECT_EQ(s.text, "xy");
  EXPECT_EQ(s.flags, removed);
  s = ParseString(R"("tab\tkept\u0009")");
  EXPECT_EQ(s.text, "tab\tkept\t");
  EXPECT_EQ(s.flags, kStringDecoded);
}

TEST(JsonReaderTest, ReplacesInvalidUtf8) {
  const std::string fffd = "\xEF\xBF\xBD";
  Str s = ParseString("\"caf\xE9\"");
  EXPECT_EQ(s.text, "caf" + fffd);
  EXPECT_EQ(s.flags, kStringInvalidUtf8 | kStringDecoded);
  EXPECT_EQ(ParseString("\"\xED\xA0\x80\"").text, fffd + fffd + fffd);
  EXPECT_EQ(ParseString("\"\xC0\xAF\"").text, fffd + fffd);
  EXPECT_EQ(ParseString("\"\xF4\xBF\xBF\xBF\"").text, fffd + fffd + fffd + fffd);
  EXPECT_EQ(ParseString("\"\xE6\x97\xA5\xD1\x88\xFA\"").text, "\xE6\x97\xA5\xD1\x88" + fffd);
  EXPECT_EQ(ParseString("\"a\xE6\x97\"").text, "a" + fffd);
}

TEST(JsonReaderTest, ChecksDepthBeforeDescending) {
  EXPECT_TRUE(Parse("[[[]]]", 3).ok);
  Parsed parsed = Parse("[[[[]]]]", 3);
  EXPECT_FALSE(parsed.ok);
  EXPECT_EQ(parsed.error.kind, ReadError::Kind::kTooDeep);
  EXPECT_EQ(parsed.error.offset, 3u);
  parsed = Parse(R"({"a":{"b":{"c":1}}})", 2);
  EXPECT_EQ(parsed.error.kind, ReadError::Kind::kTooDeep);
  EXPECT_EQ(parsed.error.offset, 10u);
}

TEST(JsonReaderTest, StopsAHundredThousandOpenArraysAtTheLimit) {
  const std::string deep(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  Parsed parsed = Parse(deep);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(parsed.error.kind, ReadError::Kind::kTooDeep);
  EXPECT_EQ(parsed.error.offset, 64u);
  EXPECT_LT(parsed.tree.nodes().size(), 100u);
  std::printf(
      "100,000 '[': rejected in %lld us\n",
      static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
}

TEST(JsonReaderTest, ReadsWithinTheGivenEnd) {
  const std::string text = "{\"a\":1}\n{\"b\":2}";
  RecordTree tree;
  tree.SetBody(text);
  JsonReader reader(text, 64);
  size_t pos = 0;
  ASSERT_TRUE(reader.ReadValue(&pos, 7, 0, tree));
  EXPECT_EQ(pos, 7u);
  pos = 0;
  EXPECT_FALSE(reader.ReadValue(&pos, 5, 0, tree));
  EXPECT_EQ(reader.error().offset, 5u);
}

}  // namespace
}  // namespace inlet::ingest
