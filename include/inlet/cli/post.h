// `inlet post`: sends files of records to an endpoint in batches (SPEC §9). Files are
// read as they are sent, at most `parallel` batches in flight and as many ready, so
// memory stays flat whatever their size. Each batch is NDJSON, gzipped, with an
// Idempotency-Key of its own: a retry (retry_policy.h) never stores a batch twice.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "inlet/cli/http_client.h"

namespace inlet::cli {

struct PostOptions {
  std::string endpoint_id;
  std::vector<std::string> files;  // "-" is standard input
  uint64_t batch_records = 10000;
  uint64_t batch_bytes = 16u << 20;  // of NDJSON before gzip; a longer record goes alone
  int parallel = 2;
  int retries = 10;  // per batch: connection failures and unpaced 5xx (retry_policy.h)
  std::chrono::seconds retry_for{900};  // per batch, from its first attempt
  bool dry_run = false;
  bool progress_bar = false;  // on standard error; set when it is a terminal
};

struct PostReport {
  uint64_t records = 0;   // found in the input
  uint64_t accepted = 0;  // stored (or, on a dry run, that would be)
  uint64_t rejected = 0;  // by the server, or not sent because they are not JSON
  uint64_t batches = 0;   // answered
  uint64_t retries = 0;
  uint64_t splits = 0;  // batches the server found too large (413), sent again in halves
  std::map<std::string, uint64_t> warnings;  // by messageId
  uint64_t warnings_not_listed = 0;          // beyond what the answers listed
  uint64_t errors_not_printed = 0;
  uint64_t input_bytes = 0;  // read from the files (before gunzip)
  uint64_t sent_bytes = 0;   // request bodies, gzipped, retries included
  double seconds = 0;
  std::string failure;  // why the run stopped before the end; "" when it did not
};

// Sends every file; errors of records go to `errors` as they are found, at most
// kMaxPrintedErrors of them. Never throws.
PostReport Post(const PostOptions& options, const ServerAccess& access, std::ostream& errors);

inline constexpr uint64_t kMaxPrintedErrors = 20;

// 0: every record stored; 2: the run ended but some records were rejected; 1: it stopped
// early (a file unreadable, a batch refused, the server unreachable after the retries).
int PostExitCode(const PostReport& report);

// The line printed when the run ends, e.g. "posted 2000000 records in 200 batches:
// 2000000 accepted, 0 rejected, 0 warnings; 41.2 s, 48544 records/s, 11.9 MB/s read;
// 3 retries" (and how many batches were split). `dry_run` says that nothing was stored.
std::string SummaryLine(const PostReport& report, bool dry_run);

// "warnings: space-in-property 1200, dot-in-property 3" ("" when there are none).
std::string WarningsLine(const PostReport& report);

}  // namespace inlet::cli
