// ProcessBody: the entry point of the ingest module (see inlet/ingest/ingest.h).
#include <exception>

#include "ingest/body_reader.h"
#include "inlet/ingest/ingest.h"

namespace inlet::ingest {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Outcome Failed() {
  Outcome outcome;
  outcome.request_failed = true;
  return outcome;
}

}  // namespace

Outcome ProcessBody(std::string_view body, BodyFormat format, const Limits& limits,
                    IssueCollector& issues) {
  try {
    size_t start = 0;
    if (body.substr(0, kBom.size()) == kBom) {
      start = kBom.size();
      Issue bom = RequestIssue(IssueLevel::kWarning, "bom-removed",
                               "The body started with a UTF-8 byte order mark; it was ignored.");
      bom.offset = 0;
      issues.Add(std::move(bom));
    }
    // Record issues wait here until the body is known to be good: a request that fails
    // reports its request-level error only, not warnings about records it did not store.
    IssueCollector pending(issues.max_listed());
    Outcome outcome;
    Issue error;
    BodyReader reader(body, start, limits, &pending, &outcome);
    const bool ok =
        format == BodyFormat::kNdjson ? reader.ReadNdjson(&error) : reader.ReadJson(&error);
    if (!ok) {
      issues.Add(std::move(error));
      return Failed();
    }
    if (outcome.received == 0) {
      outcome.empty_batch = true;
      issues.Merge(std::move(pending));
      issues.Add(RequestIssue(IssueLevel::kWarning, "empty-batch",
                              "The body holds no records; nothing was stored."));
      return outcome;
    }
    if (outcome.accepted.empty()) {
      // Listed first so that it is never cut off by the cap on the errors list.
      outcome.request_failed = true;
      issues.Add(RequestIssue(IssueLevel::kError, "no-valid-records",
                              "None of the " + std::to_string(outcome.received) +
                                  " records could be stored; see the other errors."));
    }
    issues.Merge(std::move(pending));
    return outcome;
  } catch (const std::exception& e) {
    // Memory exhaustion is the only expected cause; the body is refused whole.
    issues.Add(RequestIssue(IssueLevel::kError, "internal-error",
                            std::string("The body could not be processed: ") + e.what()));
    return Failed();
  }
}

}  // namespace inlet::ingest
