// Headers, percent-decoding and query parameters (message.h).
#include "inlet/http/message.h"

#include <gtest/gtest.h>

#include <string>

namespace inlet::http {
namespace {

// --- PercentDecode ---

TEST(PercentDecodeTest, DecodesEscapesInEitherCase) {
  EXPECT_EQ(PercentDecode("%41", false), "A");
  EXPECT_EQ(PercentDecode("a%2fb%2Fc", false), "a/b/c");
  EXPECT_EQ(PercentDecode("%41%42%43", false), "ABC");
  EXPECT_EQ(PercentDecode("%e2%82%AC", false), "\xe2\x82\xac");
  EXPECT_EQ(PercentDecode("%00", false), std::string("\0", 1));
  EXPECT_EQ(PercentDecode("%25", false), "%");
  EXPECT_EQ(PercentDecode("", false), "");
  EXPECT_EQ(PercentDecode("plain", false), "plain");
}

TEST(PercentDecodeTest, InvalidEscapesStayAsTheyAre) {
  EXPECT_EQ(PercentDecode("%zz", false), "%zz");
  EXPECT_EQ(PercentDecode("%4g", false), "%4g");
  EXPECT_EQ(PercentDecode("%g4", false), "%g4");
  EXPECT_EQ(PercentDecode("100%", false), "100%");
  EXPECT_EQ(PercentDecode("%", false), "%");
  EXPECT_EQ(PercentDecode("%4", false), "%4");
  EXPECT_EQ(PercentDecode("ab%4", false), "ab%4");
  EXPECT_EQ(PercentDecode("%%41", false), "%A");
  EXPECT_EQ(PercentDecode("%4%41", false), "%4A");
  // A decoded '%' does not start a new escape.
  EXPECT_EQ(PercentDecode("%2541", false), "%41");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("++", true), "  ");
  // An encoded plus is a plus in either mode.
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
  EXPECT_EQ(PercentDecode("a%2Bb", false), "a+b");
  EXPECT_EQ(PercentDecode("a%20b", false), "a b");
}

// --- QueryParam ---

RequestHead WithQuery(std::string query) {
  RequestHead head;
  head.query = std::move(query);
  return head;
}

TEST(QueryParamTest, PresentAndAbsent) {
  RequestHead head = WithQuery("limit=10&after=42");
  EXPECT_EQ(head.QueryParam("limit"), "10");
  EXPECT_EQ(head.QueryParam("after"), "42");
  EXPECT_EQ(head.QueryParam("before"), std::nullopt);
  EXPECT_EQ(head.QueryParam("lim"), std::nullopt);
  EXPECT_EQ(head.QueryParam("limit=10"), std::nullopt);
  EXPECT_EQ(WithQuery("").QueryParam("limit"), std::nullopt);
}

TEST(QueryParamTest, EmptyValueIsPresent) {
  RequestHead head = WithQuery("force=&dryRun&x=1");
  EXPECT_EQ(head.QueryParam("force"), "");
  EXPECT_EQ(head.QueryParam("dryRun"), "");
  EXPECT_EQ(head.QueryParam("x"), "1");
}

TEST(QueryParamTest, KeysAndValuesArePercentDecoded) {
  RequestHead head = WithQuery("na%6De=v%20x+y&a+b=%2B&q=a%3Db%26c");
  EXPECT_EQ(head.QueryParam("name"), "v x y");
  EXPECT_EQ(head.QueryParam("a b"), "+");
  // Escaped '=' and '&' belong to the value, not the syntax.
  EXPECT_EQ(head.QueryParam("q"), "a=b&c");
  EXPECT_EQ(head.QueryParam("na%6De"), std::nullopt);
}

TEST(QueryParamTest, RepeatedKeyReturnsTheFirst) {
  RequestHead head = WithQuery("level=error&level=warning");
  EXPECT_EQ(head.QueryParam("level"), "error");
}

TEST(QueryParamTest, ValueMayContainEquals) {
  RequestHead head = WithQuery("cursor=abc==&x=1");
  EXPECT_EQ(head.QueryParam("cursor"), "abc==");
}

TEST(QueryParamTest, EmptyPairsAreSkipped) {
  RequestHead head = WithQuery("&&a=1&&b=2&");
  EXPECT_EQ(head.QueryParam("a"), "1");
  EXPECT_EQ(head.QueryParam("b"), "2");
}

// --- Headers ---

TEST(HeadersTest, NamesCompareCaseInsensitively) {
  Headers headers;
  headers.Add("Content-Type", "application/json");
  EXPECT_EQ(headers.Get("content-type"), "application/json");
  EXPECT_EQ(headers.Get("CONTENT-TYPE"), "application/json");
  EXPECT_TRUE(headers.Has("cOnTeNt-TyPe"));
  EXPECT_FALSE(headers.Has("Content-Length"));
  EXPECT_FALSE(headers.Has("Content-Typ"));
  EXPECT_EQ(headers.Get("Content-Length"), "");
}

TEST(HeadersTest, GetReturnsTheFirstOfRepeatedFields) {
  Headers headers;
  headers.Add("X-Tag", "one");
  headers.Add("x-tag", "two");
  EXPECT_EQ(headers.Get("X-TAG"), "one");
  ASSERT_EQ(headers.fields().size(), 2u);
  EXPECT_EQ(headers.fields()[1].name, "x-tag");
  EXPECT_EQ(headers.fields()[1].value, "two");
}

TEST(HeadersTest, SetReplacesEveryValueInAnyCase) {
  Headers headers;
  headers.Add("Accept", "text/plain");
  headers.Add("X-Tag", "one");
  headers.Add("x-tag", "two");
  headers.Set("X-TAG", "three");
  ASSERT_EQ(headers.fields().size(), 2u);
  EXPECT_EQ(headers.fields()[0].name, "Accept");
  EXPECT_EQ(headers.fields()[1].name, "X-TAG");
  EXPECT_EQ(headers.fields()[1].value, "three");
  EXPECT_EQ(headers.Get("x-tag"), "three");
}

TEST(HeadersTest, SetAddsWhenAbsent) {
  Headers headers;
  headers.Set("Retry-After", "1");
  ASSERT_EQ(headers.fields().size(), 1u);
  EXPECT_EQ(headers.Get("retry-after"), "1");
}

TEST(HeadersTest, EmptyValueIsPresent) {
  Headers headers;
  headers.Add("X-Empty", "");
  EXPECT_TRUE(headers.Has("x-empty"));
  EXPECT_EQ(headers.Get("x-empty"), "");
}

}  // namespace
}  // namespace inlet::http
