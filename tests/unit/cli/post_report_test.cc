// The words `inlet post` ends with: its exit code, summary and warnings lines, and the
// progress bar.
#include <gtest/gtest.h>

#include "inlet/cli/post.h"
#include "inlet/cli/progress_line.h"

namespace inlet::cli {
namespace {

TEST(PostReportTest, ExitCodeSaysWhetherEverythingWasStored) {
  PostReport report;
  report.records = report.accepted = 10;
  EXPECT_EQ(PostExitCode(report), 0);
  report.rejected = 1;
  EXPECT_EQ(PostExitCode(report), 2);
  report.failure = "the server is unreachable";
  EXPECT_EQ(PostExitCode(report), 1);
}

TEST(PostReportTest, SummaryLineCountsEverything) {
  PostReport report;
  report.records = 2000000;
  report.accepted = 1999999;
  report.rejected = 1;
  report.batches = 200;
  report.retries = 3;
  report.warnings = {{"space-in-property", 5}};
  report.warnings_not_listed = 2;
  report.input_bytes = 50000000;
  report.seconds = 40;
  EXPECT_EQ(SummaryLine(report, false),
            "posted 2000000 records in 200 batches: 1999999 accepted, 1 rejected, 7 warnings; "
            "40.0 s, 50000 records/s, 1.2 MB/s read; 3 retries");
  report.splits = 2;
  EXPECT_NE(SummaryLine(report, false)
                .find("3 retries, 2 batches sent again in halves to fit the server's limits"),
            std::string::npos);
  report.failure = "HTTP 401";
  EXPECT_NE(SummaryLine(report, true).find("dry run, nothing stored"), std::string::npos);
  EXPECT_NE(SummaryLine(report, true).find("stopped: HTTP 401"), std::string::npos);
}

TEST(PostReportTest, WarningsLineListsKindsAndWhatWasNotListed) {
  PostReport report;
  EXPECT_EQ(WarningsLine(report), "");
  report.warnings = {{"dot-in-property", 2}, {"space-in-property", 1000}};
  report.warnings_not_listed = 24000;
  EXPECT_EQ(WarningsLine(report),
            "warnings: 25002 (listed: dot-in-property 2, space-in-property 1000; 24000 more "
            "not itemized in the answers; the endpoint's log counts every kind)");
}

TEST(PostReportTest, DurationsReadAsAPersonWould) {
  EXPECT_EQ(Duration(4.25), "4.2 s");
  EXPECT_EQ(Duration(187), "3:07");
  EXPECT_EQ(Duration(3723), "1:02:03");
}

TEST(PostReportTest, ProgressLineShowsABarWhenTheSizeIsKnown) {
  ProgressSnapshot snapshot{900000, 50000000, 100000000, 10};
  EXPECT_EQ(ProgressLine(snapshot),
            " 50% [############            ] 900000 records, 5.0 MB/s, ETA 10.0 s");
  snapshot.bytes_total.reset();
  EXPECT_EQ(ProgressLine(snapshot), "900000 records, 5.0 MB/s");
}

}  // namespace
}  // namespace inlet::cli
