// The answer of the ingestion route on every status (SPEC §2.2), private to http/:
// { success, warning, warnings, error, errors, receiptId, received, accepted, rejected,
//   warningsOmitted, errorsOmitted }.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "inlet/common/status.h"
#include "inlet/http/message.h"
#include "inlet/ingest/issue_collector.h"

namespace inlet::http {

struct EnvelopeCounts {
  int64_t received = 0;
  int64_t accepted = 0;
  int64_t rejected = 0;
  bool empty_batch = false;  // counts as success with nothing accepted
};

// The envelope's JSON text. `extra_json`, when not empty, is a JSON object whose members
// are appended (e.g. the identifiers of a dry run).
std::string EnvelopeJson(const ingest::IssueCollector& issues, const EnvelopeCounts& counts,
                         std::string_view endpoint_id, std::string_view receipt_id,
                         std::string_view extra_json = "");

// A response whose envelope holds one request-level error for `status` (its HTTP status
// from the one table in errors.h), with X-Receipt-Id when a receipt exists,
// WWW-Authenticate on 401 and Retry-After on 503 and 507.
Response EnvelopeError(const Status& status, std::string_view endpoint_id,
                       std::string_view receipt_id, int64_t received = 0);

// The answer to a request whose commit failed with `committed`: nothing of it was kept,
// so it names no receipt. 507 "storage-full" when the disk is full, else 503
// "storage-unavailable"; both with Retry-After.
Response CommitFailedEnvelope(const Status& committed, std::string_view endpoint_id);

// Sets X-Receipt-Id and the headers a status calls for on an envelope response.
void FinishEnvelopeResponse(Response& response, std::string_view receipt_id);

}  // namespace inlet::http
