// PageItems: list answers bounded in bytes, at least one item a page, and "next"
// continuing from the last item taken.
#include "http/paging.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace inlet::http {
namespace {

TEST(PageItemsTest, TakesItemsWhileTheyFitAndContinuesFromTheLastTaken) {
  PageItems page(25);
  EXPECT_TRUE(page.Add("\"0123456789\"", 9));  // 12 bytes
  EXPECT_TRUE(page.Add("\"012345678\"", 8));   // 11 + the comma: 24
  EXPECT_FALSE(page.Add("1", 7));              // 26: past the bound
  EXPECT_TRUE(page.full());
  EXPECT_FALSE(page.Add("2", 6));  // ended: nothing after the first refusal
  auto body = nlohmann::json::parse(page.Body(std::nullopt));
  EXPECT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["next"], "8");
}

TEST(PageItemsTest, TheFirstItemIsTakenWhateverItsSize) {
  PageItems page(4);
  EXPECT_TRUE(page.Add("\"larger than the bound\"", 3));
  EXPECT_FALSE(page.Add("1", 2));
  EXPECT_EQ(nlohmann::json::parse(page.Body(std::nullopt))["next"], "3");
}

TEST(PageItemsTest, AWholePageWithinTheBoundUsesTheQuerysNext) {
  PageItems page(1000);
  EXPECT_TRUE(page.Add("1", 5));
  EXPECT_TRUE(page.Add("2", 4));
  EXPECT_FALSE(page.full());
  EXPECT_EQ(page.Body(std::nullopt), R"({"items":[1,2],"next":null})");
  EXPECT_EQ(page.Body(4, ",\"indexLag\":0"), R"({"items":[1,2],"next":"4","indexLag":0})");
  EXPECT_EQ(PageItems(10).Body(std::nullopt), R"({"items":[],"next":null})");
  // A query whose rows were all skipped still continues after its last cursor.
  EXPECT_EQ(PageItems(10).Body(17), R"({"items":[],"next":"17"})");
}

}  // namespace
}  // namespace inlet::http
