// ReadBatchAnswer: the counts, warnings and errors of an ingestion answer, and what is
// made of an answer that is not one.
#include "inlet/cli/batch_answer.h"

#include <gtest/gtest.h>

namespace inlet::cli {
namespace {

TEST(BatchAnswerTest, ReadsCountsWarningsAndErrors) {
  auto answer = ReadBatchAnswer(R"({"success":true,"accepted":3,"rejected":1,
    "warnings":[{"messageId":"space-in-property","rowIndex":0},
                {"messageId":"space-in-property","rowIndex":2},
                {"messageId":"dot-in-property","rowIndex":1}],
    "errors":[{"messageId":"empty-record","errorMessage":"The record is null","rowIndex":3}],
    "warningsOmitted":10,"errorsOmitted":0})");
  EXPECT_TRUE(answer.envelope);
  EXPECT_EQ(answer.accepted, 3u);
  EXPECT_EQ(answer.rejected, 1u);
  EXPECT_EQ(answer.warnings,
            (std::map<std::string, uint64_t>{{"dot-in-property", 1}, {"space-in-property", 2}}));
  EXPECT_EQ(answer.warnings_omitted, 10u);
  ASSERT_EQ(answer.errors.size(), 1u);
  EXPECT_EQ(answer.errors[0].row_index, 3);
  EXPECT_EQ(answer.errors[0].message_id, "empty-record");
  EXPECT_EQ(answer.errors[0].message, "The record is null");
}

TEST(BatchAnswerTest, AnAnswerThatIsNotTheEnvelopeSaysSo) {
  auto answer = ReadBatchAnswer("<html>Bad Gateway</html>");
  EXPECT_FALSE(answer.envelope);
  ASSERT_EQ(answer.errors.size(), 1u);
  EXPECT_EQ(answer.errors[0].message, "<html>Bad Gateway</html>");
}

TEST(BatchAnswerTest, FirstMessageIdOfAnErrorAnswer) {
  EXPECT_EQ(FirstMessageId(R"({"errors":[{"messageId":"overloaded"},{"messageId":"x"}]})"),
            "overloaded");
  EXPECT_EQ(FirstMessageId(R"({"errors":[]})"), "");
  EXPECT_EQ(FirstMessageId("not json"), "");
}

}  // namespace
}  // namespace inlet::cli
