// CSV fields and rows as RFC 4180 writes them (csv.h).
#include "http/csv.h"

#include <gtest/gtest.h>

namespace inlet::http {
namespace {

std::string Field(std::string_view text) {
  std::string out;
  AppendCsvField(out, text);
  return out;
}

TEST(CsvTest, QuotesOnlyTheFieldsThatNeedIt) {
  EXPECT_EQ(Field("plain text"), "plain text");
  EXPECT_EQ(Field(""), "");
  EXPECT_EQ(Field("a,b"), "\"a,b\"");
  EXPECT_EQ(Field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Field("one\ntwo"), "\"one\ntwo\"");
  EXPECT_EQ(Field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(Field("Zoë ; ✓"), "Zoë ; ✓");
}

TEST(CsvTest, ARowEndsWithCrLf) {
  std::string out;
  AppendCsvRow(out, {"id", "a,b", ""});
  AppendCsvRow(out, {"x"});
  EXPECT_EQ(out, "id,\"a,b\",\r\nx\r\n");
}

}  // namespace
}  // namespace inlet::http
