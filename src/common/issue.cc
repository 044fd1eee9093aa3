#include "inlet/common/issue.h"

namespace inlet {

std::string_view ToString(IssueLevel level) {
  return level == IssueLevel::kError ? "error" : "warning";
}

std::string_view ToString(IssueDomain domain) {
  switch (domain) {
    case IssueDomain::kRequest:
      return "request";
    case IssueDomain::kParsing:
      return "parsing";
    case IssueDomain::kStoring:
      return "storing";
    case IssueDomain::kMapping:
      return "mapping";
    case IssueDomain::kProcessing:
      return "processing";
  }
  return "request";
}

std::optional<IssueLevel> ParseIssueLevel(std::string_view text) {
  if (text == "error") return IssueLevel::kError;
  if (text == "warning") return IssueLevel::kWarning;
  return std::nullopt;
}

std::optional<IssueDomain> ParseIssueDomain(std::string_view text) {
  for (auto domain : {IssueDomain::kRequest, IssueDomain::kParsing, IssueDomain::kStoring,
                      IssueDomain::kMapping, IssueDomain::kProcessing}) {
    if (text == ToString(domain)) return domain;
  }
  return std::nullopt;
}

}  // namespace inlet
