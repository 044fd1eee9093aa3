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

}  // namespace inlet
