// RecordFramer: the records of JSON arrays, NDJSON and concatenated values, wherever the
// input is cut, with their lines; and the errors of input that is neither.
#include "inlet/cli/record_framer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace inlet::cli {
namespace {

struct Framed {
  std::vector<std::string> records;
  std::vector<uint64_t> lines;
  std::vector<std::string> broken;
  InputShape shape = InputShape::kUndecided;
  Status status;
};

// Feeds `input` in slices of `slice` bytes.
Framed Frame(const std::string& input, size_t slice = 1 << 20) {
  Framed framed;
  RecordFramer framer;
  auto sink = [&](const FramedRecord& record) {
    framed.records.emplace_back(record.text);
    framed.lines.push_back(record.line);
    framed.broken.emplace_back(record.broken);
  };
  for (size_t at = 0; at < input.size() && framed.status.ok(); at += slice) {
    framed.status = framer.Feed(std::string_view(input).substr(at, slice), sink);
  }
  if (framed.status.ok()) framed.status = framer.Finish(sink);
  framed.shape = framer.shape();
  return framed;
}

using Records = std::vector<std::string>;
using Lines = std::vector<uint64_t>;

TEST(RecordFramerTest, NdjsonLinesArePassedOnAsTheyAre) {
  auto framed =
      Frame("{\"a\":1}\n\n  \n{\"b\": [1, {\"c\":2}]}\r\n{\"bad\": tru}\n{\"last\":true}");
  ASSERT_TRUE(framed.status.ok()) << framed.status.message();
  EXPECT_EQ(framed.shape, InputShape::kNdjson);
  EXPECT_EQ(framed.records,
            (Records{"{\"a\":1}", "{\"b\": [1, {\"c\":2}]}", "{\"bad\": tru}", "{\"last\":true}"}));
  EXPECT_EQ(framed.lines, (Lines{1, 4, 5, 6}));
}

TEST(RecordFramerTest, ArrayElementsBecomeOneLineEach) {
  auto framed = Frame(
      "\xEF\xBB\xBF[\n  {\"a\": 1,\n   \"b\": \"x,]}\\\"\"},\n  null, 5, \"s\",\n"
      "  [1, 2], {}\n]\n");
  ASSERT_TRUE(framed.status.ok()) << framed.status.message();
  EXPECT_EQ(framed.shape, InputShape::kJsonArray);
  EXPECT_EQ(framed.records,
            (Records{"{\"a\": 1,    \"b\": \"x,]}\\\"\"}", "null", "5", "\"s\"", "[1, 2]", "{}"}));
  EXPECT_EQ(framed.lines, (Lines{2, 4, 4, 4, 5, 5}));
}

TEST(RecordFramerTest, PrettyPrintedObjectsOneAfterAnotherAreValues) {
  auto framed = Frame("{\n  \"a\": 1\n}\n{\n  \"b\": {\"c\": [2]}\n}{\"d\":3}\n");
  ASSERT_TRUE(framed.status.ok()) << framed.status.message();
  EXPECT_EQ(framed.shape, InputShape::kJsonValues);
  EXPECT_EQ(framed.records, (Records{"{   \"a\": 1 }", "{   \"b\": {\"c\": [2]} }", "{\"d\":3}"}));
  EXPECT_EQ(framed.lines, (Lines{1, 4, 6}));
}

TEST(RecordFramerTest, EveryCutOfTheInputFramesTheSame) {
  const std::vector<std::string> inputs = {
      "[{\"a\":\"\\\\\"},{\"b\":\"\\u00e9\"},3,[{}]]",
      "{\"a\":\"x\\\"}\"}\n{\"b\":1}\n",
      "{\n\"a\":\"}\"\n}\n{\"b\":[\"]\"]}",
      "\xEF\xBB\xBF{\"a\":1}",
  };
  for (const auto& input : inputs) {
    auto whole = Frame(input);
    ASSERT_TRUE(whole.status.ok()) << input << ": " << whole.status.message();
    for (size_t slice = 1; slice < input.size(); ++slice) {
      auto cut = Frame(input, slice);
      ASSERT_TRUE(cut.status.ok()) << input << " / " << slice;
      EXPECT_EQ(cut.records, whole.records) << input << " / " << slice;
      EXPECT_EQ(cut.lines, whole.lines) << input << " / " << slice;
    }
  }
}

TEST(RecordFramerTest, ALineBreakInsideAStringMarksTheRecordBroken) {
  auto framed = Frame("[{\"a\": \"x\ny\"}, {\"b\": 2}]");
  ASSERT_TRUE(framed.status.ok()) << framed.status.message();
  ASSERT_EQ(framed.records.size(), 2u);
  EXPECT_FALSE(framed.broken[0].empty());
  EXPECT_TRUE(framed.broken[1].empty());
  EXPECT_EQ(framed.lines, (Lines{1, 2}));
}

TEST(RecordFramerTest, EmptyInputsHaveNoRecords) {
  for (const std::string input : {"", "  \n", "[]", " [ \n ] \n"}) {
    auto framed = Frame(input);
    EXPECT_TRUE(framed.status.ok()) << input;
    EXPECT_TRUE(framed.records.empty()) << input;
  }
}

TEST(RecordFramerTest, MalformedInputIsAnErrorThatSaysWhereAndWhat) {
  struct Case {
    std::string input;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"x{\"a\":1}", "found 'x'"},
      {"[1,]", "comma before ]"},
      {"[,1]", "empty array element"},
      {"[1 2]", "expected , or ]"},
      {"[}\"}x", "found '}' where an array element should start"},
      {"[1]\n\n{\"a\":1}", "line 3: found '{' after the array's closing ]"},
      {"[{\"a\":1}", "before the array's closing ]"},
      {"[{\"a\":\n[1,2]", "ends inside the record that starts on line 1"},
      {"{\n\"a\":1\n}\n5", "line 4: expected { to start the next record"},
  };
  for (const auto& test : cases) {
    auto framed = Frame(test.input);
    ASSERT_FALSE(framed.status.ok()) << test.input;
    EXPECT_EQ(framed.status.message_id(), "invalid-input");
    EXPECT_NE(framed.status.message().find(test.says), std::string::npos)
        << test.input << ": " << framed.status.message();
  }
}

TEST(RecordFramerTest, ARecordThatNeverEndsStopsAtTheLimit) {
  RecordFramer framer;
  std::string chunk = "[{\"a\": [" + std::string(1 << 20, ' ');
  Status status;
  size_t fed = 0;
  auto ignore = [](const FramedRecord&) {};
  while (status.ok() && fed <= kMaxRecordBytes + chunk.size()) {
    status = framer.Feed(chunk, ignore);
    fed += chunk.size();
    chunk = std::string(1 << 20, ' ');
  }
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("longer than"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace inlet::cli
