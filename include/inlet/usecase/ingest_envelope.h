// The answer of the ingestion call on every status (SPEC §2.2):
// { success, warning, warnings, error, errors, receiptId, received, accepted, rejected,
//   warningsOmitted, errorsOmitted }, and the status it goes with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "inlet/common/status.h"
#include "inlet/ingest/issue_collector.h"
#include "inlet/store/records.h"

namespace inlet::usecase {

// What an upload is answered with, before a transport dresses it.
struct IngestAnswer {
  int http_status = 200;
  std::string envelope;     // the JSON text
  std::string endpoint_id;  // "" when the request named no known endpoint
  std::string receipt_id;   // "" when no receipt names this answer
  bool replayed = false;    // the stored answer to an earlier request with the same key
  // The Idempotency-Key is held by a request still in flight: worth a retry in a second.
  bool key_in_flight = false;
};

struct EnvelopeCounts {
  int64_t received = 0;
  int64_t accepted = 0;
  int64_t rejected = 0;
  bool empty_batch = false;  // counts as success with nothing accepted
};

// The envelope's JSON text.
std::string EnvelopeJson(const ingest::IssueCollector& issues, const EnvelopeCounts& counts,
                         std::string_view endpoint_id, std::string_view receipt_id);

// The envelope with `members` (",\"name\":value…", JSON text) added at its end.
std::string WithMembers(const std::string& envelope, std::string_view members);

// A bridge request's envelope with what its records came to (SPEC §11):
// "goldenRecords": {"created","merged","unchanged","failed"} added at its end.
std::string WithGoldenCounts(const std::string& envelope, const store::OutcomeCounts& counts);

// An answer whose envelope holds one request-level error for `status`, with the status
// the one table (answer_status.h) gives it. Internal detail is never shown.
IngestAnswer EnvelopeError(const Status& status, std::string_view endpoint_id,
                           std::string_view receipt_id, int64_t received = 0);

// The answer to a request whose commit failed with `committed`: nothing of it was kept,
// so it names no receipt. 507 "storage-full" when the disk is full, else 503
// "storage-unavailable".
IngestAnswer CommitFailedEnvelope(const Status& committed, std::string_view endpoint_id);

}  // namespace inlet::usecase
