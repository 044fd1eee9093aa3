#include "http/ingest_envelope.h"

#include "http/json_support.h"
#include "inlet/http/errors.h"

namespace inlet::http {
namespace {

nlohmann::ordered_json IssueList(const std::vector<Issue>& issues, std::string_view endpoint_id,
                                 std::string_view receipt_id) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& issue : issues) list.push_back(IssueToJson(issue, endpoint_id, receipt_id));
  return list;
}

}  // namespace

std::string EnvelopeJson(const ingest::IssueCollector& issues, const EnvelopeCounts& counts,
                         std::string_view endpoint_id, std::string_view receipt_id,
                         std::string_view extra_json) {
  nlohmann::ordered_json envelope;
  envelope["success"] = counts.accepted > 0 || counts.empty_batch;
  envelope["warning"] = issues.warning_count() > 0;
  envelope["warnings"] = IssueList(issues.warnings(), endpoint_id, receipt_id);
  envelope["error"] = issues.error_count() > 0;
  envelope["errors"] = IssueList(issues.errors(), endpoint_id, receipt_id);
  envelope["receiptId"] =
      receipt_id.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(receipt_id);
  envelope["received"] = counts.received;
  envelope["accepted"] = counts.accepted;
  envelope["rejected"] = counts.rejected;
  envelope["warningsOmitted"] = issues.warnings_omitted();
  envelope["errorsOmitted"] = issues.errors_omitted();
  if (!extra_json.empty()) {
    auto extra = nlohmann::ordered_json::parse(extra_json, nullptr, false);
    if (extra.is_object()) {
      for (auto& [key, value] : extra.items()) envelope[key] = value;
    }
  }
  return envelope.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Response EnvelopeError(const Status& status, std::string_view endpoint_id,
                       std::string_view receipt_id, int64_t received) {
  ingest::IssueCollector issues;
  Issue issue;
  bool internal = status.code() == StatusCode::kInternal;
  issue.message_id = internal ? "internal-error" : status.message_id();
  issue.message = internal ? "an internal error occurred; it has been logged" : status.message();
  issues.Add(std::move(issue));
  Response response;
  response.status = HttpStatusOf(status.code());
  response.body = EnvelopeJson(issues, {received, 0, 0, false}, endpoint_id, receipt_id);
  response.endpoint_id = std::string(endpoint_id);
  FinishEnvelopeResponse(response, receipt_id);
  return response;
}

Response CommitFailedEnvelope(const Status& committed, std::string_view endpoint_id) {
  if (committed.code() == StatusCode::kStorageFull) {
    return EnvelopeError(Status(StatusCode::kStorageFull, "storage-full",
                                "the server's disk is full: nothing of this request was kept. "
                                "Retry once space is freed"),
                         endpoint_id, "");
  }
  return EnvelopeError(Status::Unavailable("storage-unavailable",
                                           "the records could not be stored; nothing was kept. "
                                           "Retry"),
                       endpoint_id, "");
}

void FinishEnvelopeResponse(Response& response, std::string_view receipt_id) {
  if (!receipt_id.empty()) {
    response.headers.Set("X-Receipt-Id", std::string(receipt_id));
    response.receipt_id = std::string(receipt_id);
  }
  if (response.status == 401) response.headers.Set("WWW-Authenticate", "Bearer");
  if (const char* seconds = RetryAfterSeconds(response.status)) {
    response.headers.Set("Retry-After", seconds);
  }
}

}  // namespace inlet::http
