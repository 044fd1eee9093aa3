// The shared vocabulary's text forms: what the API and the database store.
#include "inlet/common/domain.h"

#include <gtest/gtest.h>

#include "inlet/common/issue.h"

namespace inlet {
namespace {

TEST(ProcessingModeTest, TextFormsAndRoundTrip) {
  EXPECT_EQ(ToString(ProcessingMode::kManual), "manual");
  EXPECT_EQ(ToString(ProcessingMode::kAutomatic), "automatic");
  EXPECT_EQ(ToString(ProcessingMode::kBridge), "bridge");
  for (auto mode : {ProcessingMode::kManual, ProcessingMode::kAutomatic, ProcessingMode::kBridge}) {
    EXPECT_EQ(ParseProcessingMode(ToString(mode)), mode);
  }
}

TEST(ProcessingModeTest, ParseIsExact) {
  for (const char* text : {"", "Manual", "MANUAL", " manual", "manual ", "auto", "bridged"}) {
    EXPECT_EQ(ParseProcessingMode(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(EndpointStatusTest, TextFormsAndRoundTrip) {
  EXPECT_EQ(ToString(EndpointStatus::kNoDataSent), "no-data-sent");
  EXPECT_EQ(ToString(EndpointStatus::kNotProcessed), "not-processed");
  EXPECT_EQ(ToString(EndpointStatus::kProcessing), "processing");
  EXPECT_EQ(ToString(EndpointStatus::kProcessed), "processed");
  for (auto status : {EndpointStatus::kNoDataSent, EndpointStatus::kNotProcessed,
                      EndpointStatus::kProcessing, EndpointStatus::kProcessed}) {
    EXPECT_EQ(ParseEndpointStatus(ToString(status)), status);
  }
}

TEST(JobVocabularyTest, TextFormsAndRoundTrip) {
  EXPECT_EQ(ToString(JobKind::kProcess), "process");
  EXPECT_EQ(ToString(JobKind::kRemoveRecords), "remove-records");
  EXPECT_EQ(ToString(JobTrigger::kManual), "manual");
  EXPECT_EQ(ToString(JobTrigger::kAutomatic), "automatic");
  EXPECT_EQ(ToString(JobState::kQueued), "queued");
  EXPECT_EQ(ToString(JobState::kRunning), "running");
  EXPECT_EQ(ToString(JobState::kDone), "done");
  EXPECT_EQ(ToString(JobState::kFailed), "failed");
  for (auto kind : {JobKind::kProcess, JobKind::kRemoveRecords}) {
    EXPECT_EQ(ParseJobKind(ToString(kind)), kind);
  }
  for (auto trigger : {JobTrigger::kManual, JobTrigger::kAutomatic}) {
    EXPECT_EQ(ParseJobTrigger(ToString(trigger)), trigger);
  }
  for (auto state : {JobState::kQueued, JobState::kRunning, JobState::kDone, JobState::kFailed}) {
    EXPECT_EQ(ParseJobState(ToString(state)), state);
  }
}

TEST(JobVocabularyTest, ParseIsExact) {
  for (const char* text : {"", "Process", "remove", "remove_records", "bridge", "Done", "ok"}) {
    EXPECT_EQ(ParseJobKind(text), std::nullopt) << '"' << text << '"';
    EXPECT_EQ(ParseJobTrigger(text), std::nullopt) << '"' << text << '"';
    EXPECT_EQ(ParseJobState(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(EndpointStatusTest, ParseIsExact) {
  for (const char* text : {"", "Processed", "no_data_sent", "nodatasent", "processed "}) {
    EXPECT_EQ(ParseEndpointStatus(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(IssueTest, LevelAndDomainTextForms) {
  EXPECT_EQ(ToString(IssueLevel::kError), "error");
  EXPECT_EQ(ToString(IssueLevel::kWarning), "warning");
  EXPECT_EQ(ToString(IssueDomain::kRequest), "request");
  EXPECT_EQ(ToString(IssueDomain::kParsing), "parsing");
  EXPECT_EQ(ToString(IssueDomain::kStoring), "storing");
  EXPECT_EQ(ToString(IssueDomain::kMapping), "mapping");
  EXPECT_EQ(ToString(IssueDomain::kProcessing), "processing");
}

TEST(IssueTest, DefaultsDescribeAWholeRequestError) {
  Issue issue;
  EXPECT_EQ(issue.level, IssueLevel::kError);
  EXPECT_EQ(issue.domain, IssueDomain::kRequest);
  EXPECT_EQ(issue.row_index, -1);
  EXPECT_FALSE(issue.property.has_value());
  EXPECT_FALSE(issue.line.has_value());
}

}  // namespace
}  // namespace inlet
