#include "inlet/usecase/ingest_envelope.h"

#include "inlet/usecase/answer_status.h"
#include "inlet/usecase/issue_json.h"

namespace inlet::usecase {
namespace {

nlohmann::ordered_json IssueList(const std::vector<Issue>& issues, std::string_view endpoint_id,
                                 std::string_view receipt_id) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& issue : issues) list.push_back(IssueToJson(issue, endpoint_id, receipt_id));
  return list;
}

}  // namespace

std::string EnvelopeJson(const ingest::IssueCollector& issues, const EnvelopeCounts& counts,
                         std::string_view endpoint_id, std::string_view receipt_id) {
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
  return envelope.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string WithMembers(const std::string& envelope, std::string_view members) {
  // The envelope is EnvelopeJson's text, one object: the members go before its last brace.
  const size_t end = envelope.rfind('}');
  if (end == std::string::npos) return envelope;
  std::string out = envelope.substr(0, end);
  out += members;
  out += envelope.substr(end);
  return out;
}

std::string WithGoldenCounts(const std::string& envelope, const store::OutcomeCounts& counts) {
  return WithMembers(envelope, ",\"goldenRecords\":{\"created\":" + std::to_string(counts.created) +
                                   ",\"merged\":" + std::to_string(counts.merged) +
                                   ",\"unchanged\":" + std::to_string(counts.unchanged) +
                                   ",\"failed\":" + std::to_string(counts.failed) + "}");
}

IngestAnswer EnvelopeError(const Status& status, std::string_view endpoint_id,
                           std::string_view receipt_id, int64_t received) {
  ingest::IssueCollector issues;
  Issue issue;
  bool internal = status.code() == StatusCode::kInternal;
  issue.message_id = internal ? "internal-error" : status.message_id();
  issue.message = internal ? "an internal error occurred; it has been logged" : status.message();
  issues.Add(std::move(issue));
  IngestAnswer answer;
  answer.http_status = HttpStatusOf(status.code());
  answer.envelope = EnvelopeJson(issues, {received, 0, 0, false}, endpoint_id, receipt_id);
  answer.endpoint_id = std::string(endpoint_id);
  answer.receipt_id = std::string(receipt_id);
  return answer;
}

IngestAnswer CommitFailedEnvelope(const Status& committed, std::string_view endpoint_id) {
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

}  // namespace inlet::usecase
