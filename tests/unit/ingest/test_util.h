// Helpers shared by the ingest unit tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "inlet/ingest/ingest.h"
#include "inlet/ingest/issue_collector.h"

namespace inlet::ingest::test {

// The outcome and issues of one ProcessBody call.
struct Processed {
  Outcome outcome;
  IssueCollector issues;
  // The stored records' JSON, in order.
  std::vector<std::string> Records() const {
    std::vector<std::string> out;
    for (const auto& record : outcome.accepted) out.push_back(record.data);
    return out;
  }
  // messageIds of all listed issues, errors first.
  std::vector<std::string> Ids() const {
    std::vector<std::string> out;
    for (const auto& issue : issues.errors()) out.push_back(issue.message_id);
    for (const auto& issue : issues.warnings()) out.push_back(issue.message_id);
    return out;
  }
  const Issue* Find(std::string_view message_id) const {
    for (const auto& issue : issues.errors()) {
      if (issue.message_id == message_id) return &issue;
    }
    for (const auto& issue : issues.warnings()) {
      if (issue.message_id == message_id) return &issue;
    }
    return nullptr;
  }
};

inline Processed Process(std::string_view body, BodyFormat format = BodyFormat::kJson,
                         const Limits& limits = Limits{}) {
  Processed result;
  result.outcome = ProcessBody(body, format, limits, result.issues);
  return result;
}

// The single stored record of a one-record body, or "" when none was stored.
inline std::string One(std::string_view body) {
  Processed result = Process(body);
  return result.outcome.accepted.size() == 1 ? result.outcome.accepted[0].data : "";
}

}  // namespace inlet::ingest::test
