// PartsNamedBy reads which parts a stored document's values come from: the store reads
// those with a golden record however far along its parts they are.
#include <gtest/gtest.h>

#include "inlet/processing/golden_document.h"
#include "test_util.h"

namespace inlet::processing {
namespace {

TEST(PartsNamedByTest, NamesThePartOfEachWinningValue) {
  const Mapping mapping = CustomerMapping();
  std::vector<Clue> clues;
  for (int i = 0; i < 5; ++i) {
    std::string record =
        R"({"customerId":)" + std::to_string(i) + R"(,"city":"c)" + std::to_string(i) + '"';
    if (i == 1) record += R"(,"phone":"1")";
    clues.push_back(MustBuild(mapping, record + "}"));
  }
  std::vector<const Clue*> in_order;
  for (const auto& clue : clues) in_order.push_back(&clue);
  // city: the last part wins the tie (4); customerId: 4; phone: only part 1 has one.
  std::vector<int64_t> named = PartsNamedBy(BuildGoldenDocument(in_order).json);
  std::sort(named.begin(), named.end());
  EXPECT_EQ(named, (std::vector<int64_t>{1, 4, 4}));
}

TEST(PartsNamedByTest, DocumentsWithoutPropertiesNameNone) {
  EXPECT_TRUE(PartsNamedBy("{}").empty());
  EXPECT_TRUE(PartsNamedBy("not json").empty());
  EXPECT_TRUE(PartsNamedBy(R"({"properties":{"a":{"value":"x"}}})").empty());
  EXPECT_TRUE(PartsNamedBy(R"({"properties":{"a":{"value":"x","part":"1"}}})").empty());
}

}  // namespace
}  // namespace inlet::processing
